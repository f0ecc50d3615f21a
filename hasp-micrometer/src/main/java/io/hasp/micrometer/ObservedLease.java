package io.hasp.micrometer;

import io.hasp.HaspException;
import io.hasp.Lease;
import io.hasp.LockLostException;
import io.micrometer.observation.Observation;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link Lease} whose held section is observed: the observation started at the grant stops once, at the end of the
 * first release ({@code release}, {@code releaseAsync}, {@code releaseAfter} or {@code close}), with outcome released,
 * expired (the lock was no longer ours) or failed (Redis did not answer; a retry still releases the lock). Thread-safe.
 */
final class ObservedLease implements Lease {
    private final Lease lease;
    private final Observation held;
    private final AtomicBoolean stopped = new AtomicBoolean();

    ObservedLease(Lease lease, Observation held) {
        this.lease = lease;
        this.held = held;
    }

    @Override
    public String lockName() {
        return lease.lockName();
    }

    @Override
    public long fencingToken() {
        return lease.fencingToken();
    }

    @Override
    public String tokenPrefix() {
        return lease.tokenPrefix();
    }

    @Override
    public Duration remaining() {
        return lease.remaining();
    }

    @Override
    public boolean isValid() {
        return lease.isValid();
    }

    @Override
    public CompletionStage<LockLostException> lost() {
        return lease.lost();
    }

    @Override
    public void checkValid() {
        lease.checkValid();
    }

    @Override
    public void extend(Duration leaseTime) {
        lease.extend(leaseTime);
    }

    @Override
    public CompletableFuture<Void> extendAsync(Duration leaseTime) {
        return lease.extendAsync(leaseTime);
    }

    @Override
    public boolean release() {
        try {
            return ended(lease.release());
        } catch (RuntimeException e) {
            end("failed", e);
            throw e;
        }
    }

    @Override
    public boolean releaseAfter(Duration delay) {
        try {
            return ended(lease.releaseAfter(delay));
        } catch (RuntimeException e) {
            end("failed", e);
            throw e;
        }
    }

    @Override
    public CompletableFuture<Boolean> releaseAsync() {
        return lease.releaseAsync().whenComplete((ours, failure) -> {
            if (failure != null) {
                end("failed", failure);
            } else {
                ended(ours);
            }
        });
    }

    /**
     * Releases as {@link #release()} does, to learn the outcome, but keeps {@link Lease#close}'s promise: a Redis
     * failure is not thrown (the delegate's close retries once and logs it).
     */
    @Override
    public void close() {
        try {
            ended(lease.release());
        } catch (HaspException e) {
            end("failed", e);
            lease.close();
        }
    }

    private boolean ended(boolean wasOurs) {
        end(wasOurs ? "released" : "expired", null);
        return wasOurs;
    }

    private void end(String outcome, Throwable failure) {
        if (stopped.compareAndSet(false, true)) {
            ObservedLock.stop(held, outcome, failure);
        }
    }

    @Override
    public String toString() {
        return lease.toString();
    }
}
