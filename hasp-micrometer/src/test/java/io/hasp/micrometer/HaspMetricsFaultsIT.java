package io.hasp.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.Hasp;
import io.hasp.Lease;
import io.hasp.LockOptions;
import io.hasp.RedisUnavailableException;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The listener's events, as HaspMetrics counts them, through Redis faults: a silent Redis fails an acquire and a
 * release once each (the failed release is also the lease's one loss, and its retry afterwards counts once more),
 * and a lease lost to a restart without persistence is one loss and one expired release. Exact counts, and the gauges
 * settle at zero.
 */
class HaspMetricsFaultsIT {
    private static final Duration LIVENESS = Duration.ofSeconds(10);
    /** A connect on a loaded machine may take seconds; the command timeout stays short. */
    private static final Duration CONNECT = Timing.scaled(Duration.ofSeconds(30));

    @RegisterExtension
    static RedisServerExtension perTest = RedisServerExtension.perTest();

    @Test
    void aSilentRedisFailsOneAcquireAndOneReleaseEachCountedOnce(RedisServer redis) {
        MeterRegistry meters = new SimpleMeterRegistry();
        try (Hasp hasp = Hasp.builder().uri(redis.uri()).connectTimeout(CONNECT)
                .commandTimeout(Timing.scaled(Duration.ofMillis(300))).listener(new HaspMetrics(meters)).build()) {
            Lease lease = hasp.lock("held", fixed(Duration.ofSeconds(30))).tryAcquire().orElseThrow();
            redis.pause();
            try {
                // A lease far longer than the checks below wait: the lock must go by the client's clean-up, not expire.
                assertThatThrownBy(() -> hasp.lock("other", fixed(Duration.ofMinutes(5))).tryAcquire())
                        .isInstanceOf(RedisUnavailableException.class);
                assertThatThrownBy(lease::release).isInstanceOf(RedisUnavailableException.class);
            } finally {
                redis.resume();
            }
            Timing.await("the failures counted", LIVENESS, () -> count(meters, "hasp.lock.wait", "failed") == 1
                    && count(meters, "hasp.lock.held", "failed") == 1);
            // The retry after the fault. Once Redis answers again the client settles the release of unknown outcome
            // by itself (a read behind its clean-up by token finds the lock gone: counted released, or expired if
            // that came after the lease's validity), and the retry then finds it settled and sends nothing; if that
            // read went unanswered too, the retry releases and is counted as what it found. Counted once either way.
            lease.release();
            Timing.await("the release counted once", LIVENESS, () -> count(meters, "hasp.lock.held", "released")
                    + count(meters, "hasp.lock.held", "expired") == 1);
            assertThat(lease.release()).as("a release after the settled one").isFalse();
            assertThat(count(meters, "hasp.lock.held", "released") + count(meters, "hasp.lock.held", "expired"))
                    .isEqualTo(1);
            assertThat(count(meters, "hasp.lock.wait", "granted")).isEqualTo(1);
            assertThat(count(meters, "hasp.lock.wait", "failed")).isEqualTo(1);
            assertThat(count(meters, "hasp.lock.held", "failed")).isEqualTo(1);
            assertThat(meters.get("hasp.lock.held.leases").gauge().value()).isZero();
            assertThat(meters.get("hasp.lock.waiters").gauge().value()).isZero();
            // A release of unknown outcome leaves a lease that can no longer be proven valid: reported lost, once.
            assertThat(meters.get("hasp.lock.losses").counter().count()).isEqualTo(1.0);
        }
        assertThat(redis.command("EXISTS", "hasp:{held}")).isEqualTo(0L);
        // The failed acquire ran once Redis woke; the client then released it by its token.
        Timing.await("no lock left by the failed acquire", LIVENESS,
                () -> Long.valueOf(0).equals(redis.command("EXISTS", "hasp:{other}")));
    }

    @Test
    void aLeaseLostToARestartWithoutPersistenceIsOneLossAndOneExpiredRelease(RedisServer redis) {
        MeterRegistry meters = new SimpleMeterRegistry();
        try (Hasp hasp = Hasp.builder().uri(redis.uri()).connectTimeout(CONNECT).listener(new HaspMetrics(meters))
                .build()) {
            Lease lease = hasp.lock("restarted", LockOptions.builder().watchdog(Timing.scaled(Duration.ofSeconds(3)))
                    .renewInterval(Timing.scaled(Duration.ofMillis(300))).build()).tryAcquire().orElseThrow();
            redis.restart();
            Timing.await("the loss counted", LIVENESS, () -> meters.find("hasp.lock.losses").counter() != null
                    && meters.get("hasp.lock.losses").counter().count() == 1.0);
            assertThat(lease.lost()).isDone();
            assertThat(lease.release()).isFalse();
            Timing.await("the expired release counted", LIVENESS,
                    () -> count(meters, "hasp.lock.held", "expired") == 1);
            assertThat(meters.get("hasp.lock.losses").counter().count()).isEqualTo(1.0);
            assertThat(count(meters, "hasp.lock.held", "released")).isZero();
            assertThat(meters.get("hasp.lock.held.leases").gauge().value()).isZero();
        }
    }

    private static LockOptions fixed(Duration lease) {
        return LockOptions.builder().leaseTime(lease).build();
    }

    private static long count(MeterRegistry meters, String timer, String outcome) {
        Timer found = meters.find(timer).tag("outcome", outcome).timer();
        return found == null ? 0 : found.count();
    }
}
