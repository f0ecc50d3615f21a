package io.hasp.spring.integration;

import io.hasp.JavaLock;
import io.hasp.Lease;
import io.hasp.LockLostException;
import io.hasp.LockOptions;
import java.time.Duration;
import java.util.ConcurrentModificationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import org.springframework.integration.support.locks.DistributedLock;

/**
 * One key's lock in a {@link HaspLockRegistry}: Spring's {@link DistributedLock} over Hasp's per-thread
 * {@link JavaLock} view, which owns the holds. This class adds only the time-to-live forms (a fixed lease of that
 * time), the refusal of a re-entry on a lost lease, the translation of a lost lease into Spring's
 * {@link ConcurrentModificationException}, and the last-use time the registry expires unused locks by. Thread-safe.
 */
final class HaspDistributedLock implements DistributedLock {
    private final JavaLock view;
    private final LockOptions options;
    private volatile long lastUsed;

    HaspDistributedLock(JavaLock view, LockOptions options) {
        this.view = view;
        this.options = options;
    }

    @Override
    public void lock() {
        refuseLostHold();
        lostAsModification(view::lock);
        touch();
    }

    @Override
    public void lock(Duration ttl) {
        LockOptions fixed = fixedLease(ttl);
        refuseLostHold();
        lostAsModification(() -> view.lock(fixed));
        touch();
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        refuseLostHold();
        try {
            view.lockInterruptibly();
        } catch (LockLostException e) {
            throw modification(e);
        }
        touch();
    }

    @Override
    public boolean tryLock() {
        refuseLostHold();
        try {
            return touched(view.tryLock());
        } catch (LockLostException e) {
            throw modification(e);
        }
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        refuseLostHold();
        try {
            return touched(view.tryLock(time, unit));
        } catch (LockLostException e) {
            throw modification(e);
        }
    }

    @Override
    public boolean tryLock(Duration waitTime, Duration ttl) throws InterruptedException {
        LockOptions fixed = fixedLease(ttl);
        refuseLostHold();
        try {
            return touched(view.tryLock(waitTime, fixed));
        } catch (LockLostException e) {
            throw modification(e);
        }
    }

    /**
     * Releases the current thread's hold (the lease, at the outermost unlock).
     *
     * @throws IllegalMonitorStateException if the current thread does not hold the lock
     * @throws ConcurrentModificationException if the lease had expired before the unlock (the hold still ends)
     */
    @Override
    public void unlock() {
        lostAsModification(view::unlock);
    }

    @Override
    public Condition newCondition() {
        return view.newCondition();
    }

    /**
     * Throws if the current thread holds this lock through a lease known lost, counting no hold. The core view would
     * take such a re-entry as a fresh acquire; here it must fail, or a {@code LockRegistryLeaderInitiator}, whose
     * heartbeat is a re-entrant {@code tryLock} that it then unlocks, would keep leading on a lock it no longer holds.
     * Its {@code unlock()} calls then end the lost hold.
     */
    private void refuseLostHold() {
        Lease held = heldLease();
        if (held != null && !held.isValid()) {
            lostAsModification(held::checkValid);
        }
    }

    Lease heldLease() {
        return view.heldLease().orElse(null);
    }

    boolean isLocked() {
        return view.isLocked();
    }

    void touch() {
        lastUsed = System.nanoTime();
    }

    long unusedFor(long now) {
        return now - lastUsed;
    }

    private boolean touched(boolean locked) {
        if (locked) {
            touch();
        }
        return locked;
    }

    private LockOptions fixedLease(Duration ttl) {
        return options.toBuilder().leaseTime(ttl).build();
    }

    /** Runs {@code action}, turning a lost lease into Spring's {@link ConcurrentModificationException}. */
    static void lostAsModification(Runnable action) {
        try {
            action.run();
        } catch (LockLostException e) {
            throw modification(e);
        }
    }

    private static ConcurrentModificationException modification(LockLostException e) {
        return new ConcurrentModificationException(e.getMessage(), e);
    }

    @Override
    public String toString() {
        return "HaspDistributedLock{" + view + '}';
    }
}
