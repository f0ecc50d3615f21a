package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A holder learns that its lease is lost without polling. */
class LeaseLossIT {
    @RegisterExtension
    static final RedisServerExtension REDIS_PER_TEST = RedisServerExtension.perTest();

    private static final Duration WATCHDOG_LEASE = Duration.ofMillis(600);

    private static Hasp connect(RedisServer redis) {
        return Hasp.builder().uri(redis.uri()).commandTimeout(Duration.ofMillis(200))
                .defaultOptions(LockOptions.builder().watchdog(WATCHDOG_LEASE).build()).build();
    }

    @Test
    void aDeletedKeyIsNoticedWithinOneRenewalPeriod(RedisServer redis) throws Exception {
        try (Hasp hasp = connect(redis)) {
            Lease lease = hasp.lock("deleted").tryAcquire().orElseThrow();
            long start = System.nanoTime();
            redis.command("DEL", "hasp:{deleted}");
            LockLostException reason = lease.lost().toCompletableFuture()
                    .get(Timing.scaled(Duration.ofSeconds(5)).toMillis(), TimeUnit.MILLISECONDS);
            long renewal = LockOptions.builder().watchdog(WATCHDOG_LEASE).build().renewInterval().toNanos();
            assertThat(System.nanoTime() - start).isLessThan(renewal + Timing.scaled(Duration.ofMillis(150)).toNanos());
            assertThat(reason).hasMessageContaining("'deleted'");
            assertThat(lease.isValid()).isFalse();
            assertThatThrownBy(lease::checkValid).isInstanceOf(LockLostException.class);
            assertThat(redis.command("EXISTS", "hasp:{deleted}")).isEqualTo(0L); // renewal recreated nothing
        }
    }

    @Test
    void anOverwrittenKeyIsNoticedAndLeftAlone(RedisServer redis) throws Exception {
        try (Hasp hasp = connect(redis)) {
            Lease lease = hasp.lock("stolen").tryAcquire().orElseThrow();
            redis.command("SET", "hasp:{stolen}", "hasp1:11111111111111111111111111111111");
            lease.lost().toCompletableFuture().get(Timing.scaled(Duration.ofSeconds(5)).toMillis(),
                    TimeUnit.MILLISECONDS);
            assertThat(redis.command("GET", "hasp:{stolen}")).isEqualTo("hasp1:11111111111111111111111111111111");
            assertThat(lease.release()).isFalse();
            assertThat(redis.command("GET", "hasp:{stolen}")).isEqualTo("hasp1:11111111111111111111111111111111");
        }
    }

    @Test
    void aFixedLeaseThatRunsOutSaysSoAndNotThatARenewalFailed(RedisServer redis) throws Exception {
        try (Hasp hasp = connect(redis)) {
            LockOptions fixed = LockOptions.builder().leaseTime(Duration.ofMillis(100)).build();
            Lease lease = hasp.lock("fixed", fixed).tryAcquire().orElseThrow();
            LockLostException reason = lease.lost().toCompletableFuture()
                    .get(Timing.scaled(Duration.ofSeconds(5)).toMillis(), TimeUnit.MILLISECONDS);
            assertThat(reason).hasMessageContaining("fixed lease time of PT0.1S ran out")
                    .hasMessageNotContaining("renewal");
        }
    }

    @Test
    void aPausedRedisMakesTheLeaseLostNoLaterThanItsValidityEnds(RedisServer redis) throws Exception {
        try (Hasp hasp = connect(redis)) {
            Lease lease = hasp.lock("paused").tryAcquire().orElseThrow();
            CompletableFuture<Long> lostAt = lease.lost().toCompletableFuture().thenApply(r -> System.nanoTime());
            redis.pause();
            try {
                long validityEnd = System.nanoTime() + lease.remaining().toNanos();
                long noticed = lostAt.get(Timing.scaled(Duration.ofSeconds(5)).toMillis(), TimeUnit.MILLISECONDS);
                // Timer and executor hand-off take a moment; the lease itself already reports invalid at the end.
                assertThat(noticed - validityEnd).isLessThan(Timing.scaled(Duration.ofMillis(100)).toNanos());
                assertThat(lease.isValid()).isFalse();
            } finally {
                redis.resume();
            }
        }
    }

    @Test
    void closingTheClientSignalsItsLeasesAsLost(RedisServer redis) throws Exception {
        Hasp hasp = connect(redis);
        Lease lease = hasp.lock("closing").tryAcquire().orElseThrow();
        hasp.close();
        assertThat(lease.lost().toCompletableFuture().get(5, TimeUnit.SECONDS)).hasMessageContaining("closed");
    }

    @Test
    void aReleasedLeaseIsNeverReportedLost(RedisServer redis) throws Exception {
        try (Hasp hasp = connect(redis)) {
            Lease lease = hasp.lock("released").tryAcquire().orElseThrow();
            lease.release();
            Thread.sleep(WATCHDOG_LEASE.toMillis() * 2); // past the validity end the watchdog would have reported
            assertThat(lease.lost().toCompletableFuture()).isNotDone();
            assertThatThrownBy(lease::checkValid).isInstanceOf(LockNotHeldException.class)
                    .isNotInstanceOf(LockLostException.class);
        }
    }
}
