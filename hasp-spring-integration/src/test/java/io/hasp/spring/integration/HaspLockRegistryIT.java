package io.hasp.spring.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.HaspArgumentException;
import io.hasp.LockLostException;
import io.hasp.LockOptions;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.ConcurrentModificationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.Test;
import org.springframework.integration.support.locks.DistributedLock;

/** The behaviours of Spring's RedisLockRegistry tests that apply, against HaspLockRegistry and a real Redis. */
class HaspLockRegistryIT extends OneRedisPerClass {
    private static final Duration LIVENESS = Duration.ofSeconds(10);

    @Test
    void registriesOnSeparateClientsExcludeEachOther() throws Exception {
        HaspLockRegistry one = newRegistry("reg");
        HaspLockRegistry two = newRegistry("reg");
        Lock mine = one.obtain("a");
        mine.lock();
        assertThat(exists("hasp:{reg:a}")).isTrue();

        assertThat(inOtherThread(() -> two.obtain("a").tryLock())).isFalse();
        assertThat(two.obtain("a").tryLock()).isFalse(); // the same thread, but another registry: another owner
        assertThat(newRegistry("other-reg").obtain("a").tryLock()).isTrue(); // another registry key, another lock

        mine.unlock();
        assertThat(exists("hasp:{reg:a}")).isFalse();
        assertThat(inOtherThread(() -> {
            Lock theirs = two.obtain("a");
            boolean got = theirs.tryLock();
            theirs.unlock();
            return got;
        })).isTrue();
    }

    @Test
    void obtainGivesOneLockPerKeyAndRefusesKeysThatAreNotStrings() {
        HaspLockRegistry registry = newRegistry("keys");
        assertThat(registry.obtain("k")).isSameAs(registry.obtain("k"));
        assertThatThrownBy(() -> registry.obtain(42)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Integer");
        assertThatThrownBy(() -> registry.obtain("{k}")).isInstanceOf(HaspArgumentException.class);
        assertThatThrownBy(() -> newRegistry(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("registryKey");
    }

    @Test
    void tryLockWithTimeoutWaitsTheWholeTimeThenGetsTheLockWhenItIsFreed() throws Exception {
        HaspLockRegistry holderSide = newRegistry("wait");
        HaspLockRegistry waiterSide = newRegistry("wait");
        Lock held = holderSide.obtain("w");
        held.lock();

        long start = System.nanoTime();
        assertThat(inOtherThread(() -> waiterSide.obtain("w").tryLock(200, TimeUnit.MILLISECONDS))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));

        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            Lock lock = waiterSide.obtain("w");
            waiting.countDown();
            try {
                boolean got = lock.tryLock(Timing.scaled(LIVENESS).toMillis(), TimeUnit.MILLISECONDS);
                lock.unlock();
                return got;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();
        held.unlock();
        assertThat(waiter.get(Timing.scaled(LIVENESS).toSeconds() + 5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void anInterruptedWaitThrowsAndLeavesNoHold() throws Exception {
        HaspLockRegistry holderSide = newRegistry("intr");
        HaspLockRegistry waiterSide = newRegistry("intr");
        Lock held = holderSide.obtain("i");
        held.lock();
        DistributedLock lock = waiterSide.obtain("i");
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try {
                lock.tryLock(Duration.ofDays(1), Duration.ofSeconds(30));
            } catch (Throwable t) {
                outcome.set(t);
            } finally {
                done.countDown();
            }
        });
        waiter.start();
        Timing.await("waiter blocked", LIVENESS, () -> waiter.getState() == Thread.State.WAITING
                || waiter.getState() == Thread.State.TIMED_WAITING);
        waiter.interrupt();
        assertThat(done.await(Timing.scaled(LIVENESS).toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
        held.unlock();
        assertThat(exists("hasp:{intr:i}")).isFalse();
        assertThat(inOtherThread(() -> ((HaspDistributedLock) lock).isLocked())).isFalse();
    }

    @Test
    void unlockByAnotherThreadIsRefusedAndTheLockStaysHeld() throws Exception {
        HaspLockRegistry registry = newRegistry("own");
        Lock lock = registry.obtain("o");
        lock.lock();
        CompletableFuture<Throwable> wrongUnlock = CompletableFuture.supplyAsync(() -> {
            try {
                lock.unlock();
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        assertThat(wrongUnlock.get(5, TimeUnit.SECONDS)).isInstanceOf(IllegalMonitorStateException.class);
        assertThat(exists("hasp:{own:o}")).isTrue();
        assertThat(inOtherThread(() -> lock.tryLock())).isFalse();
        lock.unlock();
        assertThat(exists("hasp:{own:o}")).isFalse();
    }

    @Test
    void locksAreReentrantPerThreadOverOneLease() {
        HaspLockRegistry registry = newRegistry("re");
        Lock lock = registry.obtain("r");
        lock.lock();
        String token = (String) redis.command("GET", "hasp:{re:r}");
        assertThat(lock.tryLock()).isTrue();
        lock.unlock();
        assertThat(redis.command("GET", "hasp:{re:r}")).isEqualTo(token);
        lock.unlock();
        assertThat(exists("hasp:{re:r}")).isFalse();
    }

    @Test
    void aTimeToLiveIsAFixedLeaseAndUnlockAfterItsExpiryThrowsConcurrentModification() throws Exception {
        HaspLockRegistry registry = newRegistry("ttl");
        DistributedLock lock = registry.obtain("t");
        assertThat(lock.tryLock(Duration.ZERO, Duration.ofMillis(500))).isTrue();
        Timing.await("the lease expired", LIVENESS, () -> !exists("hasp:{ttl:t}"));
        assertThat(newRegistry("ttl").obtain("t").tryLock()).isTrue(); // another instance takes it meanwhile

        assertThatThrownBy(lock::unlock).isInstanceOf(ConcurrentModificationException.class)
                .hasCauseInstanceOf(LockLostException.class);
        assertThatThrownBy(lock::unlock).isInstanceOf(IllegalMonitorStateException.class);
        assertThat(exists("hasp:{ttl:t}")).isTrue(); // the other instance's lock is untouched
    }

    @Test
    void aReentryOnALostLeaseThrowsInsteadOfClaimingTheLock() {
        HaspLockRegistry registry = newRegistry("lost");
        DistributedLock lock = registry.obtain("l");
        lock.lock(Duration.ofMillis(100));
        Timing.await("the lease expired", LIVENESS, () -> !exists("hasp:{lost:l}"));
        assertThatThrownBy(lock::tryLock).isInstanceOf(ConcurrentModificationException.class);
        assertThatThrownBy(lock::unlock).isInstanceOf(ConcurrentModificationException.class);
        assertThat(lock.tryLock()).isTrue();
        lock.unlock();
    }

    @Test
    void renewLockSetsTheHoldersTimeToLiveAndOnlyTheHolderMayRenew() throws Exception {
        HaspLockRegistry registry = new HaspLockRegistry(newClient(), "renew",
                LockOptions.builder().leaseTime(Duration.ofSeconds(20)).build());
        DistributedLock lock = registry.obtain("n");
        lock.lock(Duration.ofSeconds(1));
        assertThat(pttl("hasp:{renew:n}")).isLessThanOrEqualTo(1_000L);
        assertThat(registry.heldLease("n").orElseThrow().fencingToken()).isPositive();
        assertThat(inOtherThread(() -> registry.heldLease("n"))).isEmpty();

        registry.renewLock("n", Duration.ofSeconds(10));
        assertThat(pttl("hasp:{renew:n}")).isGreaterThan(5_000L).isLessThanOrEqualTo(10_000L);
        registry.renewLock("n");
        assertThat(pttl("hasp:{renew:n}")).isGreaterThan(10_000L).isLessThanOrEqualTo(20_000L);

        assertThat(inOtherThread(() -> {
            try {
                registry.renewLock("n");
                return null;
            } catch (IllegalStateException e) {
                return e;
            }
        })).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> registry.renewLock("never-obtained")).isInstanceOf(IllegalStateException.class);
        lock.unlock();
        assertThatThrownBy(() -> registry.renewLock("n")).isInstanceOf(IllegalStateException.class);
        assertThat(exists("hasp:{renew:n}")).isFalse();
    }

    @Test
    void renewingALostLeaseThrowsConcurrentModification() {
        HaspLockRegistry registry = newRegistry("renew-lost");
        DistributedLock lock = registry.obtain("x");
        lock.lock(Duration.ofMillis(100));
        Timing.await("the lease expired", LIVENESS, () -> !exists("hasp:{renew-lost:x}"));
        assertThatThrownBy(() -> registry.renewLock("x", Duration.ofSeconds(5)))
                .isInstanceOf(ConcurrentModificationException.class);
        assertThat(exists("hasp:{renew-lost:x}")).isFalse(); // never recreated
    }

    @Test
    void expireUnusedOlderThanForgetsOnlyFreeLocksOlderThanTheAge() throws Exception {
        HaspLockRegistry registry = newRegistry("exp");
        DistributedLock held = registry.obtain("held");
        DistributedLock free = registry.obtain("free");
        held.lock();

        registry.expireUnusedOlderThan(TimeUnit.HOURS.toMillis(1));
        assertThat(registry.obtain("free")).isSameAs(free);

        Thread.sleep(5); // both are now a few ms old; an age of 1 ms then expires what is free
        registry.expireUnusedOlderThan(1);
        assertThat(registry.obtain("held")).isSameAs(held);
        assertThat(registry.obtain("free")).isNotSameAs(free);

        held.unlock();
        Thread.sleep(5);
        registry.expireUnusedOlderThan(1);
        assertThat(registry.obtain("held")).isNotSameAs(held);
    }

    private long pttl(String key) {
        return (Long) redis.command("PTTL", key);
    }

    private static <T> T inOtherThread(ThrowingSupplier<T> work) throws InterruptedException, ExecutionException {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(work.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        thread.start();
        try {
            return result.get(Timing.scaled(LIVENESS).toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the other thread did not finish", e);
        }
    }

    @FunctionalInterface
    private interface ThrowingSupplier<T> {
        T get() throws Exception;
    }
}
