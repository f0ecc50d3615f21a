package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.LockListener.AcquireOutcome;
import io.hasp.LockListener.ReleaseOutcome;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** LockListener: each event once with its figures, off the caller's thread; a listener cannot change locking. */
@ExtendWith(RedisServerExtension.class)
class LockListenerIT {
    private static final Duration LIVENESS = Duration.ofSeconds(10);
    private RedisServer redis;

    @BeforeEach
    void flushRedis(RedisServer server) {
        redis = server;
        redis.command("FLUSHALL");
    }

    @Test
    void underContentionEveryAcquireAndReleaseIsReportedOnce() throws Exception {
        RecordingListener events = new RecordingListener();
        int threads = 6;
        int rounds = 30;
        AtomicInteger granted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        try (Hasp hasp = Hasp.builder().uri(redis.uri()).listener(events).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> workers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    workers.add(pool.submit(() -> {
                        for (int r = 0; r < rounds; r++) {
                            Duration wait = Duration.ofMillis(r % 2 == 0 ? 0 : 200);
                            Optional<Lease> lease = hasp.lock("busy").tryAcquire(wait);
                            if (lease.isPresent()) {
                                granted.incrementAndGet();
                                lease.get().close();
                            } else {
                                refused.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> worker : workers) {
                    worker.get(Timing.scaled(Duration.ofSeconds(60)).toSeconds(), TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            Timing.await("all events delivered", LIVENESS, () -> events.acquires.size() == threads * rounds
                    && events.releases.size() == granted.get());
        }
        assertThat(granted.get()).isPositive();
        assertThat(events.acquires(AcquireOutcome.GRANTED)).isEqualTo(granted.get());
        assertThat(events.acquires(AcquireOutcome.TIMED_OUT)).isEqualTo(refused.get());
        assertThat(events.releases(ReleaseOutcome.RELEASED)).isEqualTo(granted.get());
        assertThat(events.acquires).allSatisfy(a -> {
            assertThat(a.lockName()).isEqualTo("busy");
            assertThat(a.waited()).isGreaterThanOrEqualTo(Duration.ZERO);
        });
        assertThat(events.losses).isEmpty();
    }

    @Test
    void cancelledTimedOutAndFailedAcquiresAreReportedAsSuch() throws Exception {
        RecordingListener events = new RecordingListener();
        try (Hasp hasp = Hasp.builder().uri(redis.uri()).listener(events).build()) {
            Lease held = hasp.lock("c").tryAcquire().orElseThrow();
            CompletableFuture<Lease> waiting = hasp.lock("c").acquireAsync(Duration.ofMinutes(1));
            waiting.cancel(true);
            assertThat(hasp.lock("c").tryAcquire(Duration.ofMillis(100))).isEmpty();
            redis.command("LPUSH", "hasp:{foreign}", "someone's data");
            assertThatThrownBy(() -> hasp.lock("foreign").tryAcquire()).isInstanceOf(KeyConflictException.class);
            held.close();
            Timing.await("events delivered", LIVENESS,
                    () -> events.acquires.size() == 4 && events.releases.size() == 1);
        }
        assertThat(events.acquires).extracting(RecordingListener.Acquire::outcome)
                .containsExactlyInAnyOrder(AcquireOutcome.GRANTED, AcquireOutcome.CANCELLED, AcquireOutcome.TIMED_OUT,
                        AcquireOutcome.FAILED);
        assertThat(events.acquires).filteredOn(a -> a.outcome() == AcquireOutcome.TIMED_OUT).singleElement()
                .satisfies(a -> assertThat(a.waited()).isGreaterThanOrEqualTo(Duration.ofMillis(100)));
        assertThat(events.acquires).filteredOn(a -> a.outcome() == AcquireOutcome.FAILED)
                .extracting(RecordingListener.Acquire::lockName).containsExactly("foreign");
        assertThat(redis.command("LLEN", "hasp:{foreign}")).isEqualTo(1L);
    }

    @Test
    void aLostLeaseIsReportedOnceAndItsLateReleaseAsExpired() {
        RecordingListener events = new RecordingListener();
        try (Hasp hasp = Hasp.builder().uri(redis.uri()).listener(events).build()) {
            Lease lease = hasp.lock("gone", LockOptions.builder().leaseTime(Duration.ofMillis(500)).build())
                    .tryAcquire().orElseThrow();
            Timing.await("loss reported", LIVENESS, () -> events.losses.size() == 1);
            Timing.await("the key expired", LIVENESS,
                    () -> Long.valueOf(0).equals(redis.command("EXISTS", "hasp:{gone}")));
            assertThat(lease.release()).isFalse();
            Timing.await("release reported", LIVENESS, () -> events.releases.size() == 1);
            assertThat(events.releases.get(0).outcome()).isEqualTo(ReleaseOutcome.EXPIRED);
            assertThat(events.releases.get(0).held()).isGreaterThanOrEqualTo(Duration.ofMillis(490));
        }
        assertThat(events.losses).singleElement().satisfies(reason -> assertThat(reason.getMessage())
                .contains("'gone'"));
    }

    @Test
    void aRenewalThatCannotReachRedisIsReported() {
        RecordingListener events = new RecordingListener();
        try (Hasp hasp = Hasp.builder().uri(redis.uri()).commandTimeout(Duration.ofMillis(200)).listener(events)
                .build()) {
            Lease lease = hasp.lock("renew", LockOptions.builder().watchdog(Duration.ofSeconds(3))
                    .renewInterval(Duration.ofMillis(300)).build()).tryAcquire().orElseThrow();
            redis.pause();
            try {
                Timing.await("renewal failure reported", LIVENESS, () -> !events.renewalFailures.isEmpty());
            } finally {
                redis.resume();
            }
            lease.close();
        }
        assertThat(events.renewalFailures).allMatch("renew"::equals);
    }

    @Test
    void aThrowingOrSlowListenerChangesNothing() throws Exception {
        RecordingListener events = new RecordingListener();
        CountDownLatch unblock = new CountDownLatch(1);
        AtomicInteger slowCalls = new AtomicInteger();
        LockListener throwing = new LockListener() {
            @Override
            public void acquired(String lockName, Duration waited, AcquireOutcome outcome) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void released(String lockName, Duration held, ReleaseOutcome outcome) {
                throw new IllegalStateException("listener bug");
            }
        };
        LockListener slow = new LockListener() {
            @Override
            public void acquired(String lockName, Duration waited, AcquireOutcome outcome) {
                slowCalls.incrementAndGet();
                try {
                    unblock.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try (Hasp hasp = Hasp.builder().uri(redis.uri()).executor(executor).listener(throwing).listener(slow)
                .listener(events).build()) {
            for (int i = 0; i < 20; i++) {
                try (Lease lease = hasp.lock("calm").acquire(Duration.ofSeconds(5))) {
                    assertThat(lease.isValid()).isTrue();
                }
            }
            assertThat(redis.command("EXISTS", "hasp:{calm}")).isEqualTo(0L);
            unblock.countDown();
            Timing.await("every event reached the recording listener", LIVENESS,
                    () -> events.acquires.size() == 20 && events.releases.size() == 20);
            Timing.await("the slow listener saw every acquire", LIVENESS, () -> slowCalls.get() == 20);
        } finally {
            unblock.countDown();
            executor.shutdownNow();
        }
    }
}
