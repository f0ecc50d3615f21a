package io.hasp.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.Hasp;
import io.hasp.Lease;
import io.hasp.Lock;
import io.hasp.LockOptions;
import io.hasp.RedlockOptions;
import io.hasp.testkit.RedisNodes;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** HaspMetrics against a real Redis: the meters count what the locks did. */
@ExtendWith(RedisServerExtension.class)
class HaspMetricsIT {
    private static final Duration LIVENESS = Duration.ofSeconds(10);
    private static final Duration BREAKER_LIVENESS = Duration.ofSeconds(30);

    @Test
    void waitAndHoldTimersCountEveryAcquireAndRelease(RedisServer redis) throws Exception {
        MeterRegistry meters = new SimpleMeterRegistry();
        try (Hasp hasp = Hasp.builder().uri(redis.uri()).listener(new HaspMetrics(meters)).build();
                Hasp other = Hasp.connect(redis.uri())) {
            for (int i = 0; i < 25; i++) {
                hasp.lock("orders:" + i).acquire(Duration.ofSeconds(5)).close();
            }
            Lease blocker = other.lock("busy").tryAcquire().orElseThrow();
            assertThat(hasp.lock("busy").tryAcquire(Duration.ofMillis(50))).isEmpty();
            Lease kept = hasp.lock("kept").tryAcquire().orElseThrow();
            Timing.await("events recorded", LIVENESS, () -> count(meters, "hasp.lock.wait", "granted") == 26
                    && count(meters, "hasp.lock.held", "released") == 25
                    && count(meters, "hasp.lock.wait", "timed_out") == 1);
            assertThat(meters.get("hasp.lock.held.leases").gauge().value()).isEqualTo(1.0);
            CompletableFuture<Lease> waiting = hasp.lock("busy").acquireAsync(Duration.ofMinutes(1));
            Timing.await("one waiter counted", LIVENESS, () -> meters.get("hasp.lock.waiters").gauge().value() == 1.0);
            waiting.cancel(true);
            Timing.await("no waiter left", LIVENESS, () -> meters.get("hasp.lock.waiters").gauge().value() == 0.0
                    && count(meters, "hasp.lock.wait", "cancelled") == 1);
            assertThat(meters.get("hasp.lock.wait").tag("outcome", "timed_out").timer()
                    .totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(50.0);
            assertThat(meters.find("hasp.lock.wait").tagKeys("lock").meters()).isEmpty(); // no names by default
            kept.close();
            blocker.close();
            Timing.await("the kept lease released", LIVENESS,
                    () -> meters.get("hasp.lock.held.leases").gauge().value() == 0.0);
        }
    }

    @Test
    void lossesAreCountedAndALockTagFunctionBoundsTheNames(RedisServer redis) {
        MeterRegistry meters = new SimpleMeterRegistry();
        HaspMetrics metrics = new HaspMetrics(meters, name -> name.substring(0, name.indexOf(':')));
        try (Hasp hasp = Hasp.builder().uri(redis.uri()).listener(metrics).build()) {
            Lease lease = hasp.lock("jobs:1", LockOptions.builder().leaseTime(Duration.ofMillis(500)).build())
                    .tryAcquire().orElseThrow();
            Timing.await("loss counted", LIVENESS, () -> meters.find("hasp.lock.losses").tag("lock", "jobs")
                    .counter() != null && meters.get("hasp.lock.losses").counter().count() == 1.0);
            Timing.await("the key expired", LIVENESS,
                    () -> Long.valueOf(0).equals(redis.command("EXISTS", "hasp:{jobs:1}")));
            assertThat(lease.release()).isFalse();
            Timing.await("expired release timed", LIVENESS, () -> meters.find("hasp.lock.held")
                    .tags("outcome", "expired", "lock", "jobs").timer() != null);
        }
    }

    @Test
    void aFairHandOffIsCounted(RedisServer redis) throws Exception {
        MeterRegistry meters = new SimpleMeterRegistry();
        try (Hasp holder = Hasp.connect(redis.uri());
                Hasp waiter = Hasp.builder().uri(redis.uri()).listener(new HaspMetrics(meters)).build()) {
            Lease first = holder.fairLock("queue").tryAcquire().orElseThrow();
            CompletableFuture<Lease> waiting = waiter.fairLock("queue").acquireAsync(Duration.ofMinutes(1));
            Timing.await("the waiter queued", LIVENESS,
                    () -> Long.valueOf(1).equals(redis.command("EXISTS", "hasp:{queue}:queue")));
            first.close();
            waiting.get(LIVENESS.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).close();
            Timing.await("the hand-off counted", LIVENESS, () -> meters.find("hasp.lock.handoffs").counter() != null
                    && meters.get("hasp.lock.handoffs").counter().count() == 1.0);
        }
    }

    @Test
    void aRedlockNodeBreakerOpeningAndClosingAreCountedByNode() {
        MeterRegistry meters = new SimpleMeterRegistry();
        try (RedisNodes nodes = RedisNodes.start(3);
                Hasp hasp = Hasp.builder().uris(nodes.uris().toArray(new String[0]))
                        .redlock(RedlockOptions.builder().nodeTimeout(Timing.scaled(Duration.ofMillis(250)))
                                .breakerThreshold(2).breakerCoolDown(Duration.ofMillis(200)).build())
                        .listener(new HaspMetrics(meters)).build()) {
            URI frozen = URI.create(nodes.node(0).uri());
            String node = frozen.getHost() + ":" + frozen.getPort();
            cycle(hasp.lock("n"));
            nodes.node(0).pause();
            try {
                Timing.await("the breaker opened", BREAKER_LIVENESS, () -> {
                    cycle(hasp.lock("n"));
                    return counted(meters, "hasp.redlock.breaker.openings", node) == 1.0;
                });
            } finally {
                nodes.node(0).resume();
            }
            Timing.await("the breaker closed", BREAKER_LIVENESS, () -> {
                cycle(hasp.lock("n"));
                return counted(meters, "hasp.redlock.breaker.closings", node) == 1.0;
            });
            assertThat(counted(meters, "hasp.redlock.breaker.openings", node)).isEqualTo(1.0);
        }
    }

    private static void cycle(Lock lock) {
        try {
            lock.acquire(Duration.ofSeconds(5)).close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static double counted(MeterRegistry meters, String name, String node) {
        Counter counter = meters.find(name).tag("node", node).counter();
        return counter == null ? 0 : counter.count();
    }

    private static long count(MeterRegistry meters, String name, String outcome) {
        Timer timer = meters.find(name).tag("outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }
}
