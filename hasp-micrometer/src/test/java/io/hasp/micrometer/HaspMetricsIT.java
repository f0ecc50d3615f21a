package io.hasp.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.Hasp;
import io.hasp.Lease;
import io.hasp.LockOptions;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** HaspMetrics against a real Redis: the meters count what the locks did. */
@ExtendWith(RedisServerExtension.class)
class HaspMetricsIT {
    private static final Duration LIVENESS = Duration.ofSeconds(10);

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

    private static long count(MeterRegistry meters, String name, String outcome) {
        Timer timer = meters.find(name).tag("outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }
}
