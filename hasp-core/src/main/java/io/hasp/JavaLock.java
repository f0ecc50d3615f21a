package io.hasp;

import java.time.Duration;
import java.util.Optional;

/**
 * A {@link java.util.concurrent.locks.Lock} view of a Hasp {@link Lock}, made by {@link Lock#asJavaLock()}, for code
 * written against that interface. Unlike leases, the view is owned per thread: re-entrant holds by one thread are
 * counted locally and share one Redis lease, released by the outermost {@code unlock()}.
 *
 * <ul>
 *   <li>A re-entry first confirms with Redis (one round trip) that the lease is still valid and still holds the
 *       lock; if it was lost (expired, force-released), the re-entry is a fresh acquire like any other, and the
 *       {@code unlock()} that ends the lost hold still throws {@link LockLostException}. {@link #heldLease()} then
 *       shows the lost lease ({@link Lease#isValid()} false) until a fresh acquire succeeds.</li>
 *   <li>{@code unlock()} by a thread that does not hold it throws {@link IllegalMonitorStateException}.</li>
 *   <li>{@code unlock()} of a hold whose lease was lost ends the hold and throws {@link LockLostException}.</li>
 *   <li>{@code newCondition()} is unsupported.</li>
 * </ul>
 *
 * <p>Each {@link Lock#asJavaLock()} call returns a new, independent view: keep one per lock and share it among
 * threads. Thread-safe.
 */
public interface JavaLock extends java.util.concurrent.locks.Lock {

    /**
     * {@link #lock()}, taking a new lease with {@code options} if this thread does not already hold one. Like
     * {@code lock()}, it is not interruptible: an interrupt while waiting is kept and restored on return.
     *
     * @param options the options of a new lease; a re-entry keeps the held lease as it is
     * @throws HaspArgumentException if {@code options} is null
     * @throws RedisUnavailableException if Redis failed or did not answer, and kept failing
     * @throws KeyConflictException if the lock's key holds data Hasp did not write
     * @throws ClientClosedException if the client is or gets closed
     */
    void lock(LockOptions options);

    /**
     * {@link #tryLock(long, java.util.concurrent.TimeUnit)}, taking a new lease with {@code options} if this thread
     * does not already hold one; a re-entry keeps the held lease as it is.
     *
     * @param wait how long to wait at most; zero makes one attempt
     * @param options the options of a new lease
     * @return {@code true} if this thread now holds the lock, {@code false} if it stayed held for the whole wait
     * @throws InterruptedException if the thread was interrupted before or while waiting
     * @throws HaspArgumentException if {@code wait} or {@code options} is null, or {@code wait} is negative or longer
     *     than 365 days
     * @throws RedisUnavailableException if Redis failed or did not answer, and kept failing until the wait ran out
     * @throws KeyConflictException if the lock's key holds data Hasp did not write
     * @throws ClientClosedException if the client is or gets closed
     */
    boolean tryLock(Duration wait, LockOptions options) throws InterruptedException;

    /**
     * The lease of the current thread's latest hold through this view, to extend it or read its fencing token.
     *
     * @return the current thread's lease, or empty if it holds none through this view
     */
    Optional<Lease> heldLease();

    /**
     * Whether any thread holds the lock through this view; a local answer, without asking Redis.
     *
     * @return whether a thread holds it through this view (even if its lease has since been lost)
     */
    boolean isLocked();
}
