package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.Test;

/** The java.util.concurrent.locks.Lock view: per-thread re-entrancy over one lease, and Lock's error contract. */
class JavaLockViewIT extends OneRedisPerClass {
    @Test
    void reentrantHoldsShareOneLeaseReleasedByTheOutermostUnlock() {
        Lock lock = hasp.lock("re").asJavaLock();
        lock.lock();
        String token = (String) redis.command("GET", "hasp:{re}");
        lock.lock();
        assertThat(lock.tryLock()).isTrue();
        assertThat(redis.command("GET", "hasp:{re}")).isEqualTo(token);
        lock.unlock();
        lock.unlock();
        assertThat(redis.command("GET", "hasp:{re}")).isEqualTo(token);
        lock.unlock();
        assertThat(redis.command("EXISTS", "hasp:{re}")).isEqualTo(0L);
    }

    @Test
    void anotherThreadCannotUnlockAndWaitsForTheLock() throws Exception {
        Lock lock = hasp.lock("owned").asJavaLock();
        lock.lock();
        CompletableFuture<Throwable> wrongUnlock = CompletableFuture.supplyAsync(() -> {
            try {
                lock.unlock();
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        assertThat(wrongUnlock.get(5, TimeUnit.SECONDS)).isInstanceOf(IllegalMonitorStateException.class)
                .hasMessageContaining("'owned'");
        CompletableFuture<Boolean> other = CompletableFuture.supplyAsync(() -> {
            try {
                return lock.tryLock(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(other.get(5, TimeUnit.SECONDS)).isFalse();
        lock.unlock();
        assertThatThrownBy(lock::unlock).isInstanceOf(IllegalMonitorStateException.class);
    }

    @Test
    void lockInterruptiblyStopsOnInterruptAndLeavesNoHold() throws Exception {
        Lease holder = hasp.lock("intr").tryAcquire().orElseThrow();
        Lock lock = hasp.lock("intr").asJavaLock();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try {
                lock.lockInterruptibly();
            } catch (Throwable t) {
                outcome.set(t);
            } finally {
                done.countDown();
            }
        });
        waiter.start();
        Timing.await("waiter blocked", Timing.scaled(Duration.ofSeconds(5)),
                () -> waiter.getState() == Thread.State.WAITING);
        waiter.interrupt();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
        holder.release();
        assertThat(redis.command("EXISTS", "hasp:{intr}")).isEqualTo(0L);
    }

    @Test
    void conditionsAreRefusedClearly() {
        assertThatThrownBy(() -> hasp.lock("cond").asJavaLock().newCondition())
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("'cond'");
    }

    @Test
    void unlockAfterTheLeaseExpiredReportsTheLoss() {
        Lock lock = hasp.lock("expired", LockOptions.builder().leaseTime(Duration.ofMillis(50)).build()).asJavaLock();
        lock.lock();
        Timing.await("lease expired", Timing.scaled(Duration.ofSeconds(3)),
                () -> Long.valueOf(0).equals(redis.command("EXISTS", "hasp:{expired}")));
        assertThatThrownBy(lock::unlock).isInstanceOf(LockLostException.class);
        assertThatThrownBy(lock::unlock).isInstanceOf(IllegalMonitorStateException.class);
    }

    @Test
    void aHoldTakenWithOptionsUsesThemAndShowsItsLease() throws Exception {
        JavaLock lock = hasp.lock("opts").asJavaLock();
        assertThat(lock.heldLease()).isEmpty();
        assertThat(lock.tryLock(Duration.ZERO, LockOptions.builder().leaseTime(Duration.ofSeconds(3)).build()))
                .isTrue();
        assertThat((Long) redis.command("PTTL", "hasp:{opts}")).isPositive().isLessThanOrEqualTo(3_000L);
        Lease lease = lock.heldLease().orElseThrow();
        assertThat(lock.isLocked()).isTrue();
        CompletableFuture<Boolean> elsewhere = CompletableFuture.supplyAsync(() -> lock.heldLease().isPresent());
        assertThat(elsewhere.get(5, TimeUnit.SECONDS)).isFalse();

        lock.lock(LockOptions.builder().leaseTime(Duration.ofSeconds(60)).build()); // a re-entry keeps the lease
        assertThat(lock.heldLease()).containsSame(lease);
        assertThat((Long) redis.command("PTTL", "hasp:{opts}")).isLessThanOrEqualTo(3_000L);
        lock.unlock();
        lock.unlock();
        assertThat(lock.isLocked()).isFalse();
        assertThat(redis.command("EXISTS", "hasp:{opts}")).isEqualTo(0L);
    }

    @Test
    void reentryIntoAForceReleasedHoldIsAFreshAcquireAndTheLostHoldStillReportsItsLoss() throws Exception {
        try (Hasp other = Hasp.connect(redis.uri())) {
            Lock view = hasp.lock("taken").asJavaLock();
            assertThat(view.tryLock()).isTrue();
            assertThat(hasp.admin().forceRelease("taken")).isTrue();
            Lease rival = other.lock("taken").tryAcquire().orElseThrow();
            assertThat(view.tryLock()).isFalse();
            assertThat(view.tryLock(20, TimeUnit.MILLISECONDS)).isFalse();
            assertThat(rival.release()).isTrue();

            assertThat(view.tryLock()).isTrue(); // acquired afresh, above the lost hold
            assertThat(redis.command("EXISTS", "hasp:{taken}")).isEqualTo(1L);
            view.unlock();
            assertThat(redis.command("EXISTS", "hasp:{taken}")).isEqualTo(0L);
            assertThatThrownBy(view::unlock).isInstanceOf(LockLostException.class).hasMessageContaining("lost");
            assertThatThrownBy(view::unlock).isInstanceOf(IllegalMonitorStateException.class);
        }
    }

    @Test
    void reentryIntoAnExpiredHoldDoesNotCountWhileAnotherClientHolds() throws Exception {
        LockOptions shortLease = LockOptions.builder().leaseTime(Duration.ofMillis(100)).build();
        Lock view = hasp.lock("expires", shortLease).asJavaLock();
        view.lock();
        try (Hasp other = Hasp.connect(redis.uri());
             Lease rival = other.lock("expires").acquire(Duration.ofSeconds(10))) {
            assertThat(view.tryLock()).isFalse();
            assertThat(rival.isValid()).isTrue();
        }
        assertThatThrownBy(view::unlock).isInstanceOf(LockLostException.class);
    }
}
