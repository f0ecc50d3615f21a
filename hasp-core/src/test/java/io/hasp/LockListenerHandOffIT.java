package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.LockListener.AcquireOutcome;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * LockListener.handedOff: once per hand-off, on the client's executor (never a Lettuce I/O thread), and a listener
 * that throws changes nothing about the hand-off.
 */
@ExtendWith(RedisServerExtension.class)
class LockListenerHandOffIT {
    private static final Duration LIVENESS = Duration.ofSeconds(10);
    private static final int MAX_ROUNDS = 20;
    private RedisServer redis;

    @BeforeEach
    void flushRedis(RedisServer server) {
        redis = server;
        redis.command("FLUSHALL");
    }

    @Test
    void aFairLockHandedToTheQueuedWaiterIsReportedOnceByTheWaitersClient() throws Exception {
        RecordingListener holderEvents = new RecordingListener();
        RecordingListener waiterEvents = new RecordingListener();
        try (Hasp holder = Hasp.builder().uri(redis.uri()).listener(holderEvents).build();
                Hasp waiter = Hasp.builder().uri(redis.uri()).listener(waiterEvents).build()) {
            Lease first = holder.fairLock("fair").tryAcquire().orElseThrow();
            CompletableFuture<Lease> waiting = waiter.fairLock("fair").acquireAsync(Timing.scaled(Duration.ofSeconds(20)));
            Timing.await("the waiter queued", LIVENESS,
                    () -> Long.valueOf(1).equals(redis.command("EXISTS", "hasp:{fair}:queue")));
            assertThat(first.release()).isTrue();
            Lease second = waiting.get(Timing.scaled(LIVENESS).toSeconds(), TimeUnit.SECONDS);
            assertThat(second.isValid()).isTrue();
            assertThat(second.release()).isTrue();
            Timing.await("both clients' events delivered", LIVENESS,
                    () -> waiterEvents.releases.size() == 1 && holderEvents.releases.size() == 1);
            Timing.await("the hand-off reported", LIVENESS, () -> waiterEvents.handOffs.size() == 1);
            assertThat(waiterEvents.handOffs).containsExactly("fair");
            assertThat(holderEvents.handOffs).isEmpty();
            assertThat(waiterEvents.threads).noneMatch(name -> name.startsWith("lettuce-"));
        }
    }

    @Test
    void handOffsBetweenWaitersOfOneClientAreReportedAtMostOncePerGrant() throws Exception {
        RecordingListener events = new RecordingListener();
        int threads = 4;
        int rounds = 15;
        AtomicInteger granted = new AtomicInteger();
        try (Hasp hasp = Hasp.builder().uri(redis.uri()).listener(events).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> workers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    workers.add(pool.submit(() -> {
                        for (int r = 0; r < rounds; r++) {
                            try (Lease lease = hasp.lock("local").acquire(Timing.scaled(Duration.ofSeconds(20)))) {
                                granted.incrementAndGet();
                                Thread.sleep(5); // a held section others queue behind
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> worker : workers) {
                    worker.get(Timing.scaled(Duration.ofSeconds(120)).toSeconds(), TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            Timing.await("all events delivered", LIVENESS, () -> events.acquires.size() == threads * rounds
                    && events.releases.size() == threads * rounds);
        }
        assertThat(events.acquires(AcquireOutcome.GRANTED)).isEqualTo(granted.get()).isEqualTo(threads * rounds);
        // Four threads queueing behind 5 ms sections: releases find a waiter in line and hand the lock over; each
        // hand-off is one grant, and the very first grant came from an attempt.
        assertThat(events.handOffs).isNotEmpty().hasSizeLessThan(threads * rounds).allMatch("local"::equals);
        assertThat(events.threads).noneMatch(name -> name.startsWith("lettuce-"));
    }

    /**
     * A listener that throws an Error from handedOff (a metrics class missing at run time) on a direct executor, where
     * it runs inside the release: the release used to hang (its future never completed) and the waiter never heard
     * that it owned the lock. Now every release answers and every waiter gets its lease.
     */
    @Test
    void aHandedOffListenerThatThrowsChangesNoReleaseOrHandOff() throws Exception {
        LockListener broken = new LockListener() {
            @Override
            public void handedOff(String lockName) {
                throw new NoClassDefFoundError("io/metrics/Counter");
            }
        };
        RecordingListener events = new RecordingListener();
        try (Hasp hasp = Hasp.builder().uri(redis.uri()).executor(Runnable::run).listener(broken).listener(events)
                .build()) {
            Lock lock = hasp.lock("broken-listener");
            // A release hands off only to a waiter parked at that moment; one that is still between attempts takes
            // the lock by its own attempt. On a loaded machine a whole round can go that way, so rounds repeat
            // (each checked in full) until one handed off, at most MAX_ROUNDS.
            int rounds = 0;
            while (events.handOffs.isEmpty() && rounds < MAX_ROUNDS) {
                passTheLockAlong(lock);
                rounds++;
            }
            assertThat(events.handOffs).as("the listener after the broken one heard a hand-off in " + rounds
                    + " rounds").isNotEmpty();
        }
    }

    /** One holder and four waiters; every release succeeds, every waiter gets the lock with a higher fence. */
    private void passTheLockAlong(Lock lock) throws Exception {
        Duration bound = Timing.scaled(Duration.ofSeconds(5));
        Lease current = lock.tryAcquire().orElseThrow();
        List<CompletableFuture<Lease>> waiters = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            waiters.add(lock.acquireAsync(Timing.scaled(Duration.ofSeconds(60))));
        }
        Timing.await("the head waits", LIVENESS,
                () -> Long.valueOf(1).equals(redis.command("EXISTS", "hasp:{broken-listener}:waiters")));
        for (CompletableFuture<Lease> waiter : waiters) {
            assertThat(current.releaseAsync().get(bound.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            Lease next = waiter.get(bound.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(next.fencingToken()).isGreaterThan(current.fencingToken());
            current = next;
        }
        assertThat(current.releaseAsync().get(bound.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(redis.command("EXISTS", "hasp:{broken-listener}")).isEqualTo(0L);
    }
}
