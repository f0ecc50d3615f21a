package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.testkit.Timing;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Lease.releaseAfter: an owner-checked shorten of the lock's TTL that ends the lease locally. */
class ReleaseAfterIT extends OneRedisPerClass {
    private static Hasp other;

    @BeforeAll
    static void startOther() {
        other = Hasp.connect(redis.uri());
    }

    @AfterAll
    static void stopOther() {
        other.close();
    }

    @Test
    void theLockStaysTakenForTheDelayThenFreesItself() {
        Lease lease = hasp.lock("later").tryAcquire().orElseThrow(); // a 30 s watchdog lease
        assertThat(lease.releaseAfter(Duration.ofMillis(800))).isTrue();

        long ttl = (Long) redis.command("PTTL", "hasp:{later}");
        assertThat(ttl).isPositive().isLessThanOrEqualTo(800);
        assertThat(lease.isValid()).isFalse();
        assertThat(lease.remaining()).isZero();
        assertThat(lease.release()).isFalse();
        lease.close();
        assertThat(other.lock("later").tryAcquire()).isEmpty();
        Timing.await("the key expired", Duration.ofSeconds(5),
                () -> Long.valueOf(0).equals(redis.command("EXISTS", "hasp:{later}")));
        assertThat(other.lock("later").tryAcquire()).isPresent();
    }

    @Test
    void itCanLengthenAFixedLeaseToo() {
        Lease lease = hasp.lock("longer", LockOptions.builder().leaseTime(Duration.ofSeconds(1)).build())
                .tryAcquire().orElseThrow();
        assertThat(lease.releaseAfter(Duration.ofSeconds(20))).isTrue();
        assertThat((Long) redis.command("PTTL", "hasp:{longer}")).isGreaterThan(10_000L);
    }

    @Test
    void aLeaseNoLongerOursLeavesTheNextHoldersLockAlone() {
        Lease stale = hasp.lock("stale", LockOptions.builder().leaseTime(Duration.ofMillis(50)).build())
                .tryAcquire().orElseThrow();
        Timing.await("the stale lease expired", Duration.ofSeconds(3),
                () -> Long.valueOf(0).equals(redis.command("EXISTS", "hasp:{stale}")));
        Lease next = other.lock("stale").tryAcquire().orElseThrow();
        long before = (Long) redis.command("PTTL", "hasp:{stale}");

        assertThat(stale.releaseAfter(Duration.ofMillis(100))).isFalse();

        assertThat((Long) redis.command("PTTL", "hasp:{stale}")).isGreaterThan(1_000L).isLessThanOrEqualTo(before);
        assertThat(next.isValid()).isTrue();
        assertThat(next.release()).isTrue();
    }

    @Test
    void aDelayBelowTheShortestLeaseReleasesAtOnce() {
        Lease lease = hasp.lock("now").tryAcquire().orElseThrow();
        assertThat(lease.releaseAfter(Duration.ZERO)).isTrue();
        assertThat(redis.command("EXISTS", "hasp:{now}")).isEqualTo(0L);
    }

    @Test
    void badDelaysAreRefusedAndChangeNothing() {
        Lease lease = hasp.lock("bad").tryAcquire().orElseThrow();
        assertThatThrownBy(() -> lease.releaseAfter(null)).isInstanceOf(HaspArgumentException.class)
                .hasMessageContaining("delay");
        assertThatThrownBy(() -> lease.releaseAfter(Duration.ofMillis(-1))).isInstanceOf(HaspArgumentException.class)
                .hasMessageContaining("delay");
        assertThatThrownBy(() -> lease.releaseAfter(Duration.ofDays(8))).isInstanceOf(HaspArgumentException.class)
                .hasMessageContaining("delay");
        assertThat(lease.isValid()).isTrue();
        assertThat((Long) redis.command("PTTL", "hasp:{bad}")).isGreaterThan(20_000L);
        assertThat(lease.release()).isTrue();
    }
}
