package io.hasp;

import java.time.Duration;
import java.util.Optional;

/**
 * A {@link java.util.concurrent.locks.Lock} view of a Hasp {@link Lock}, made by {@link Lock#asJavaLock()}, for code
 * written against that interface. Unlike leases, the view is owned per thread: re-entrant holds by one thread are
 * counted locally and share one Redis lease, released by the outermost {@code unlock()}.
 *
 * <ul>
 *   <li>{@code unlock()} by a thread that does not hold it throws {@link IllegalMonitorStateException}.</li>
 *   <li>{@code unlock()} of a hold whose lease was lost releases the hold and throws {@link LockLostException}.</li>
 *   <li>A re-entrant {@code lock()}/{@code tryLock()} on a hold whose lease is no longer valid throws
 *       {@link LockLostException} and leaves the hold count unchanged, so a thread never believes it holds a lock
 *       another may hold; its {@code unlock()} calls then end the hold as above.</li>
 *   <li>{@code newCondition()} is unsupported.</li>
 * </ul>
 *
 * <p>Each {@link Lock#asJavaLock()} call returns a new, independent view: keep one per lock and share it among
 * threads. Thread-safe.
 */
public interface JavaLock extends java.util.concurrent.locks.Lock {

    /** {@link #lock()}, taking a new lease with {@code options} if this thread does not already hold one. */
    void lock(LockOptions options);

    /**
     * {@link #tryLock(long, java.util.concurrent.TimeUnit)}, taking a new lease with {@code options} if this thread
     * does not already hold one; a re-entry keeps the held lease as it is.
     */
    boolean tryLock(Duration wait, LockOptions options) throws InterruptedException;

    /** The lease the current thread holds through this view, to extend it or read its fencing token. */
    Optional<Lease> heldLease();

    /** Whether any thread holds the lock through this view. */
    boolean isLocked();
}
