package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** What a failover must not break, for any deployment with replicas: the steps the failover tests share. */
final class FailoverChecks {
    /** A watchdog lease far longer than any failover here: only the vanished key can end it early. */
    static final LockOptions LONG_WATCHDOG = LockOptions.builder().watchdog(Duration.ofSeconds(30)).build();

    private FailoverChecks() {
    }

    /** {@code count} waiters on {@code name}, spread over {@code clients}, each releasing as soon as it is served. */
    static List<CompletableFuture<Long>> waiters(List<Hasp> clients, String name, int count) {
        List<CompletableFuture<Long>> served = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            served.add(clients.get(i % clients.size()).lock(name).acquireAsync(Duration.ofMinutes(2))
                    .thenCompose(lease -> lease.releaseAsync().thenApply(released -> lease.fencingToken())));
        }
        return served;
    }

    /** Every waiter is served within a minute (scaled), each with its own fence. */
    static void assertAllServed(List<CompletableFuture<Long>> served) throws Exception {
        List<Long> fences = new ArrayList<>();
        for (CompletableFuture<Long> each : served) {
            fences.add(each.get(Timing.scaled(Duration.ofMinutes(1)).toMillis(), TimeUnit.MILLISECONDS));
        }
        assertThat(fences).doesNotHaveDuplicates();
    }

    /**
     * The held lease whose key the failover lost is reported lost, and the next holder (from {@code rival}) is
     * granted it with a larger fencing token, so a resource that checks fences refuses the old holder.
     */
    static void assertLossReportedAndFenceRises(Lease held, Supplier<Hasp> rival) throws Exception {
        LockLostException lost = held.lost().toCompletableFuture()
                .get(Timing.scaled(Duration.ofSeconds(45)).toMillis(), TimeUnit.MILLISECONDS);
        assertThat(lost.getMessage()).contains(held.lockName());
        assertThat(held.isValid()).isFalse();
        try (Hasp client = rival.get(); Lease next = client.lock(held.lockName()).acquire(Duration.ofSeconds(30))) {
            assertThat(next.fencingToken()).isGreaterThan(held.fencingToken());
        }
    }

    /**
     * {@code call}'s result once the client reaches the new primary: right after a failover, a client's connection
     * may still be reconnecting, and calls fail with {@link RedisUnavailableException} until it has (on a cluster
     * after the command timeout, while the client still routes to the killed primary). Retry only calls whose failed
     * attempt changed nothing: a timed-out release is followed by a clean-up by token that may free the lock, so a
     * retried release may rightly answer "not ours". Reach the primary with a read first, then release.
     */
    static <T> T onceReachable(Supplier<T> call) {
        long deadline = System.nanoTime() + Timing.scaled(Duration.ofSeconds(30)).toNanos();
        while (true) {
            try {
                return call.get();
            } catch (RedisUnavailableException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos()); // poll while Lettuce reconnects
            }
        }
    }
}
