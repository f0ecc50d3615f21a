package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The watchdog keeps a working holder's lease alive, and stops the moment the lease is released. */
@ExtendWith(RedisServerExtension.class)
class WatchdogIT {
    private static final Duration WATCHDOG_LEASE = Duration.ofMillis(300);
    private static RedisServer redis;
    private static Hasp hasp;
    private static Hasp other;

    @BeforeAll
    static void connect(RedisServer server) {
        redis = server;
        LockOptions watchdog = LockOptions.builder().watchdog(WATCHDOG_LEASE).build();
        hasp = Hasp.builder().uri(redis.uri()).defaultOptions(watchdog).build();
        other = Hasp.connect(redis.uri());
    }

    @AfterAll
    static void disconnect() {
        other.close();
        hasp.close();
    }

    @Test
    void renewalKeepsALeaseAliveForFiveTimesItsLeaseTime() throws Exception {
        Lease lease = hasp.lock("renewed").tryAcquire().orElseThrow();
        long start = System.nanoTime();
        long fiveLeases = WATCHDOG_LEASE.multipliedBy(5).toNanos();
        while (System.nanoTime() - start < fiveLeases) {
            assertThat(other.lock("renewed").tryAcquire()).isEmpty();
            assertThat(lease.isValid()).isTrue();
            Thread.sleep(25); // the holder "works"; each loop probes exclusivity
        }
        assertThat(lease.lost().toCompletableFuture()).isNotDone();
        assertThat((Long) redis.command("PTTL", "hasp:{renewed}")).isPositive()
                .isLessThanOrEqualTo(WATCHDOG_LEASE.toMillis());
        assertThat(lease.release()).isTrue();
    }

    @Test
    void releaseStopsRenewalAndNoLaterRenewalTouchesTheKey() throws Exception {
        Lease lease = hasp.lock("stopped").tryAcquire().orElseThrow();
        assertThat(lease.release()).isTrue();
        // Someone else's value under the same key, with a TTL we can watch: a stray renewal would reset it.
        redis.command("SET", "hasp:{stopped}", "hasp1:0000000000000000000000000000ffff", "PX", "5000");
        Thread.sleep(WATCHDOG_LEASE.toMillis()); // three renewal periods in which a zombie renewal would show
        assertThat((Long) redis.command("PTTL", "hasp:{stopped}")).isLessThan(5000L - WATCHDOG_LEASE.toMillis() + 50);
        assertThat(redis.command("GET", "hasp:{stopped}")).isEqualTo("hasp1:0000000000000000000000000000ffff");
    }

    @Test
    void aFixedLeaseIsNeverRenewed() {
        Lock fixed = hasp.lock("fixed", LockOptions.builder().leaseTime(Duration.ofMillis(200)).build());
        Lease lease = fixed.tryAcquire().orElseThrow();
        Timing.await("fixed lease expired", Timing.scaled(Duration.ofSeconds(3)),
                () -> Long.valueOf(0).equals(redis.command("EXISTS", "hasp:{fixed}")));
        assertThat(lease.isValid()).isFalse();
    }

    @Test
    void optionsSayWhichMode() {
        assertThat(LockOptions.defaults().watchdogEnabled()).isTrue();
        assertThat(LockOptions.defaults().renewInterval()).isEqualTo(Duration.ofSeconds(10));
        LockOptions fixed = LockOptions.builder().leaseTime(Duration.ofSeconds(5)).build();
        assertThat(fixed.watchdogEnabled()).isFalse();
        assertThat(fixed.toBuilder().watchdog(Duration.ofSeconds(9)).build().renewInterval())
                .isEqualTo(Duration.ofSeconds(3));
    }
}
