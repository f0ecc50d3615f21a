package io.hasp.faults.worker;

import io.hasp.Hasp;
import io.hasp.LeaderElection;
import io.hasp.Leadership;
import io.hasp.LockLostException;
import io.hasp.LockOptions;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code leader} workload: every thread is a participant of {@code hasp.leaderElection(name)}. A cycle campaigns,
 * and once elected does the lock's section with the term's epoch as its fence (fenced read, pause, fenced write), then
 * resigns; a campaign not won within the wait resigns too. Leadership is always a watchdog-renewed lease, so the
 * threads that other workloads give a fixed lease campaign with the watchdog over the same lease time. The checker
 * judges terms as it judges a lock's leases (fenced writes applied in epoch order, no two terms' sections
 * interleaved) and, by check 6, finds two participants that believed they led at one instant. Stateless.
 */
final class LeaderVariant implements LockVariant {

    @Override
    public String name() {
        return "leader";
    }

    @Override
    public int nodes() {
        return 1;
    }

    @Override
    public Workload workload(Hasp hasp, String name, LockOptions options, Random random) {
        LockOptions renewed = options.watchdogEnabled() ? options
                : LockOptions.builder().watchdog(options.leaseTime()).backoff(options.backoff()).build();
        LeaderElection election = hasp.leaderElection(name, renewed);
        return new Workload() {
            @Override
            public Section next() {
                return Section.READ_WRITE;
            }

            @Override
            public Optional<Hold> acquire(Section section, Duration wait) throws InterruptedException {
                try {
                    Leadership term = election.campaign().toCompletableFuture()
                            .get(wait.toNanos(), TimeUnit.NANOSECONDS);
                    return Optional.of(hold(election, term));
                } catch (TimeoutException e) {
                    election.resign();
                    return Optional.empty();
                } catch (ExecutionException e) {
                    election.resign();
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }

            @Override
            public String kind(Section section) {
                return "term";
            }

            @Override
            public boolean alwaysRenewed() {
                return true;
            }
        };
    }

    /** A term as a hold: its epoch is the fence; giving it back resigns. */
    private static Hold hold(LeaderElection election, Leadership term) {
        return new Hold() {
            @Override
            public long fencingToken() {
                return term.epoch();
            }

            @Override
            public Duration remaining() {
                return term.remaining();
            }

            @Override
            public boolean isValid() {
                return term.isValid();
            }

            @Override
            public CompletionStage<LockLostException> lost() {
                return term.revoked();
            }

            @Override
            public boolean release() {
                boolean held = term.isValid();
                election.resign();
                return held;
            }
        };
    }
}
