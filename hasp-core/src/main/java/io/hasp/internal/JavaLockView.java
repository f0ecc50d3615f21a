package io.hasp.internal;

import io.hasp.JavaLock;
import io.hasp.Lease;
import io.hasp.Lock;
import io.hasp.LockLostException;
import io.hasp.LockOptions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;

/**
 * A {@link java.util.concurrent.locks.Lock} over a Hasp lock, for code written against that interface.
 *
 * <p>Design note. The core lease is owned by a token; this view adds the per-thread ownership that
 * {@code java.util.concurrent.locks.Lock} promises. A map from thread to hold (its one Redis lease and a re-entry
 * count) is touched only by the owning thread for its own entry, so the map's own thread-safety suffices. Nothing
 * here holds a monitor while blocking, and ownership is keyed by the {@link Thread} object rather than a
 * {@code ThreadLocal}, so virtual threads neither pin their carrier nor lose their holds.
 *
 * <p>Re-entry never trusts the local count alone: the lease must still be valid and Redis must still hold its token
 * (one round trip). A hold found lost stays on the thread's stack of holds, marked lost, and the re-entry becomes a
 * fresh acquire whose hold goes on top; the unlock that ends the lost hold then reports the loss, as it would have
 * without the re-entry. So a thread whose lease expired or was force-released never counts itself in while another
 * client holds the lock.
 */
final class JavaLockView implements JavaLock {
    private static final Duration FOREVER = Duration.ofDays(365);

    private final Lock lock;
    private final Map<Thread, Hold> holds = new ConcurrentHashMap<>();

    JavaLockView(Lock lock) {
        this.lock = lock;
    }

    /** One Redis lease of a thread, re-entered {@code count} times; {@code under} is the thread's earlier hold. */
    private static final class Hold {
        final RedisLease lease;
        final Hold under;
        int count = 1;
        boolean lost;

        Hold(RedisLease lease, Hold under) {
            this.lease = lease;
            this.under = under;
        }
    }

    @Override
    public void lock() {
        lock(lock.options());
    }

    @Override
    public void lock(LockOptions options) {
        Arguments.notNull("options", options);
        if (reenter()) {
            return;
        }
        Lock withOptions = lock.withOptions(options);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    hold(withOptions.acquire(FOREVER));
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // lock() is not interruptible: remember, keep waiting, restore at the end
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (!reenter()) {
            hold(lock.acquire(FOREVER));
        }
    }

    @Override
    public boolean tryLock() {
        if (reenter()) {
            return true;
        }
        Optional<Lease> lease = lock.tryAcquire();
        lease.ifPresent(this::hold);
        return lease.isPresent();
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        Arguments.notNull("unit", unit);
        return tryLock(Duration.ofNanos(Math.max(0, unit.toNanos(time))), lock.options());
    }

    @Override
    public boolean tryLock(Duration wait, LockOptions options) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Arguments.notNull("wait", wait);
        Arguments.notNull("options", options);
        if (reenter()) {
            return true;
        }
        Optional<Lease> lease = lock.withOptions(options).tryAcquire(wait);
        lease.ifPresent(this::hold);
        return lease.isPresent();
    }

    @Override
    public void unlock() {
        Thread me = Thread.currentThread();
        Hold hold = holds.get(me);
        if (hold == null) {
            throw new IllegalMonitorStateException("lock '" + lock.name() + "' is not held by thread " + me.getName());
        }
        if (--hold.count > 0) {
            return;
        }
        if (hold.under == null) {
            holds.remove(me);
        } else {
            holds.put(me, hold.under);
        }
        if (!hold.lease.release() || hold.lost) {
            throw new LockLostException(lock.name(), "lock '" + lock.name() + "' token " + hold.lease.tokenPrefix()
                    + ": the lease was lost before unlock (it expired or was force-released); the critical section"
                    + " may have overlapped another");
        }
    }

    @Override
    public Optional<Lease> heldLease() {
        Hold hold = holds.get(Thread.currentThread());
        return hold == null ? Optional.empty() : Optional.of(hold.lease);
    }

    @Override
    public boolean isLocked() {
        return !holds.isEmpty();
    }

    @Override
    public Condition newCondition() {
        throw new UnsupportedOperationException("lock '" + lock.name()
                + "': conditions are not supported by a distributed lock; use a Redis-side signal instead");
    }

    /**
     * Re-enters the calling thread's hold if Redis confirms its lease still holds the lock; {@code false} if the
     * thread holds nothing or its hold was lost (then the caller acquires afresh).
     */
    private boolean reenter() {
        Hold hold = holds.get(Thread.currentThread());
        if (hold == null || hold.lost) {
            return false;
        }
        if (!Futures.join(hold.lease.confirmHeld())) {
            hold.lost = true;
            return false;
        }
        hold.count++;
        return true;
    }

    private void hold(Lease lease) {
        Thread me = Thread.currentThread();
        holds.put(me, new Hold((RedisLease) lease, holds.get(me)));
    }

    @Override
    public String toString() {
        return "JavaLockView{" + lock.name() + ", held by " + holds.size() + " thread(s)}";
    }
}
