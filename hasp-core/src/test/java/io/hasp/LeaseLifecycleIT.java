package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every acquire form, release (also releaseAfter), extend and expiry against a real Redis. */
class LeaseLifecycleIT extends OneRedisPerClass {
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
    void tryAcquireTakesAFreeLockAndRefusesAHeldOne() {
        Optional<Lease> first = hasp.lock("a").tryAcquire();
        assertThat(first).isPresent();
        assertThat(other.lock("a").tryAcquire()).isEmpty();
        assertThat(first.get().isValid()).isTrue();
        assertThat(first.get().remaining()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30));
        assertThat((String) redis.command("GET", "hasp:{a}")).startsWith("hasp1:" + first.get().tokenPrefix());
        assertThat(first.get().release()).isTrue();
        assertThat(redis.command("EXISTS", "hasp:{a}")).isEqualTo(0L);
        assertThat(other.lock("a").tryAcquire()).isPresent();
    }

    /**
     * The acquire script takes the default options' 30 s lease when no lease is sent (a single try with it sends the
     * token alone); any other lease is sent and taken as it is, on the script's common path and its full one.
     */
    @Test
    void aSingleTryHoldsTheLockForItsLeaseWhetherTheDefaultOrAnother() {
        Lease byDefault = hasp.lock("lease-default").tryAcquire().orElseThrow();
        assertThat((Long) redis.command("PTTL", "hasp:{lease-default}")).isBetween(20_000L, 30_000L);
        Lease shorter = hasp.lock("lease-short", LockOptions.builder().leaseTime(Duration.ofSeconds(12)).build())
                .tryAcquire().orElseThrow();
        assertThat((Long) redis.command("PTTL", "hasp:{lease-short}")).isBetween(2_000L, 12_000L);
        Lease longer = hasp.lock("lease-long", LockOptions.builder().watchdog(Duration.ofSeconds(45)).build())
                .tryAcquire().orElseThrow();
        assertThat((Long) redis.command("PTTL", "hasp:{lease-long}")).isBetween(30_001L, 45_000L);
        // A registered waiter takes the grant off the common path: the full path takes the default lease too.
        redis.command("ZADD", "hasp:{lease-full}:waiters", Long.toString(Long.MAX_VALUE / 1024), "w:0a-1b");
        Lease full = hasp.lock("lease-full").tryAcquire().orElseThrow();
        assertThat((Long) redis.command("PTTL", "hasp:{lease-full}")).isBetween(20_000L, 30_000L);
        assertThat((Long) redis.command("PTTL", "hasp:{lease-full}:fence")).isBetween(3_500_000L, 3_600_000L);
        for (Lease lease : new Lease[] {byDefault, shorter, longer, full}) {
            assertThat(lease.release()).isTrue();
        }
    }

    @Test
    void releaseReportsWhetherTheLockWasStillOursAndCloseReleasesOnce() {
        Lease lease = hasp.lock("b").tryAcquire().orElseThrow();
        assertThat(lease.release()).isTrue();
        assertThat(lease.release()).isFalse();
        lease.close();
        assertThat(lease.isValid()).isFalse();
        assertThat(lease.remaining()).isZero();

        Lease second = hasp.lock("b").tryAcquire().orElseThrow();
        second.close();
        second.close();
        assertThat(redis.command("EXISTS", "hasp:{b}")).isEqualTo(0L);
    }

    @Test
    void anExpiredLeaseNeitherReleasesNorExtendsTheNextHoldersLock() throws Exception {
        LockOptions shortLease = LockOptions.builder().leaseTime(Duration.ofMillis(100)).build();
        Lease stale = hasp.lock("c", shortLease).tryAcquire().orElseThrow();
        Lease next = other.lock("c").acquire(Timing.scaled(Duration.ofSeconds(5)));
        assertThat(stale.isValid()).isFalse();
        assertThatThrownBy(() -> stale.extend(Duration.ofSeconds(10))).isInstanceOf(LockLostException.class)
                .hasMessageContaining("'c'");
        assertThat(stale.release()).isFalse();
        assertThat(redis.command("GET", "hasp:{c}")).asString().contains(next.tokenPrefix());
        assertThat(next.fencingToken()).isGreaterThan(stale.fencingToken());
        next.close();
    }

    @Test
    void anExtendToAShorterTimeShortensWhatTheLeaseClaims() {
        LockOptions longLease = LockOptions.builder().leaseTime(Duration.ofSeconds(60)).build();
        Lease lease = hasp.lock("shorter", longLease).tryAcquire().orElseThrow();
        lease.extend(Duration.ofSeconds(2));
        Duration claimed = lease.remaining();
        long granted = (Long) redis.command("PTTL", "hasp:{shorter}");
        // Redis now expires the key within 2 s: the lease must not go on claiming the 60 s it had before.
        assertThat(granted).isPositive().isLessThanOrEqualTo(2_000L);
        assertThat(claimed).isLessThanOrEqualTo(Duration.ofSeconds(2));
        lease.extend(Duration.ofSeconds(20));
        assertThat(lease.remaining()).isGreaterThan(Duration.ofSeconds(10));
        lease.release();
    }

    @Test
    void extendPushesTheExpiryOutOnlyWhileHeld() {
        LockOptions shortLease = LockOptions.builder().leaseTime(Duration.ofSeconds(1)).build();
        Lease lease = hasp.lock("d", shortLease).tryAcquire().orElseThrow();
        lease.extend(Duration.ofSeconds(60));
        assertThat((Long) redis.command("PTTL", "hasp:{d}")).isGreaterThan(30_000L);
        assertThat(lease.remaining()).isGreaterThan(Duration.ofSeconds(30));
        lease.release();
        assertThatThrownBy(() -> lease.extend(Duration.ofSeconds(5))).isInstanceOf(LockNotHeldException.class)
                .isNotInstanceOf(LockLostException.class);
        assertThatThrownBy(() -> lease.extend(Duration.ZERO)).isInstanceOf(HaspArgumentException.class);
    }

    @Test
    void tryAcquireWithWaitGetsTheLockWhenTheHolderReleases() throws Exception {
        Lease holder = hasp.lock("e").tryAcquire().orElseThrow();
        CompletableFuture<Optional<Lease>> waiter = other.lock("e").tryAcquireAsync(Timing.scaled(Duration.ofSeconds(10)));
        assertThat(waiter).isNotDone();
        holder.release();
        Optional<Lease> got = waiter.get(Timing.scaled(Duration.ofSeconds(10)).toMillis(), TimeUnit.MILLISECONDS);
        assertThat(got).isPresent();
        assertThat(got.get().fencingToken()).isGreaterThan(holder.fencingToken());
        got.get().close();
    }

    @Test
    void acquireTimesOutWithASpecificException() {
        Lease holder = hasp.lock("f").tryAcquire().orElseThrow();
        long start = System.nanoTime();
        assertThatThrownBy(() -> other.lock("f").acquire(Duration.ofMillis(300)))
                .isInstanceOf(LockTimeoutException.class).hasMessageContaining("'f'").hasMessageContaining("PT0.3S");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThatThrownBy(() -> other.lock("f").acquireAsync(Duration.ofMillis(50)).join())
                .hasCauseInstanceOf(LockTimeoutException.class);
        assertThat(redis.command("GET", "hasp:{f}")).asString().contains(holder.tokenPrefix());
        holder.close();
    }

    @Test
    void aLockFreesItselfWhenItsHolderNeverReleases() throws Exception {
        LockOptions shortLease = LockOptions.builder().leaseTime(Duration.ofMillis(200)).build();
        Lease abandoned = hasp.lock("g", shortLease).tryAcquire().orElseThrow();
        long start = System.nanoTime();
        Lease next = other.lock("g").acquire(Timing.scaled(Duration.ofSeconds(5)));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Timing.scaled(Duration.ofSeconds(2)));
        assertThat(abandoned.isValid()).isFalse();
        next.close();
    }

    @Test
    void asyncFormsCompleteOffTheIoThreads() throws Exception {
        Lease lease = hasp.lock("h").tryAcquireAsync()
                .thenApply(o -> {
                    assertThat(Thread.currentThread().getName()).doesNotContain("lettuce").doesNotContain("nio");
                    return o.orElseThrow();
                })
                .get(5, TimeUnit.SECONDS);
        assertThat(lease.releaseAsync().get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void anyThreadMayReleaseALease() throws Exception {
        Lease lease = hasp.lock("i").tryAcquire().orElseThrow();
        CompletableFuture<Boolean> released = CompletableFuture.supplyAsync(lease::release);
        assertThat(released.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(redis.command("EXISTS", "hasp:{i}")).isEqualTo(0L);
    }

    @Test
    void theNamespaceAndHashTagShapeTheKeys() {
        try (Hasp custom = Hasp.builder().uri(redis.uri()).namespace("app1:locks:").build();
             Lease lease = custom.lock("orders:42").tryAcquire().orElseThrow()) {
            assertThat(redis.command("EXISTS", "app1:locks:{orders:42}")).isEqualTo(1L);
            assertThat(redis.command("EXISTS", "app1:locks:{orders:42}:fence")).isEqualTo(1L);
            assertThat((Long) redis.command("PTTL", "app1:locks:{orders:42}:fence")).isPositive();
        }
    }

    // releaseAfter: an owner-checked shorten of the lock's TTL that ends the lease locally

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
        Lease stale = hasp.lock("stale", LockOptions.builder().leaseTime(Duration.ofMillis(500)).build())
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
