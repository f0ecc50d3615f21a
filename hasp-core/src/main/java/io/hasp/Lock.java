package io.hasp;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A named distributed lock: a cheap handle, made by {@link Hasp#lock(String)}, that holds no state in Redis until a
 * lease is acquired. Any number of threads may use one handle; each successful acquire returns its own {@link Lease}.
 * The lock is not re-entrant: a second acquire while a lease is held waits like any other caller.
 *
 * <p>The blocking forms are thin layers over the {@code ...Async} forms. Blocking forms throw only
 * {@link InterruptedException} (checked) and {@link HaspException} subclasses. When a blocking wait is interrupted,
 * or an async acquire is cancelled, the wait stops and any lock that was granted meanwhile is released.
 *
 * <p>Implementations are thread-safe.
 */
public interface Lock {

    /** {@return the lock's name, as given to {@link Hasp#lock(String)}} */
    String name();

    /** {@return the options this handle acquires with} */
    LockOptions options();

    /**
     * A handle on the same lock that acquires with other options; this handle is unchanged.
     *
     * @param options the options the new handle acquires with
     * @return a new handle on the same lock
     * @throws HaspArgumentException if {@code options} is null
     */
    Lock withOptions(LockOptions options);

    /**
     * One attempt, no waiting: the lease if the lock was free.
     *
     * @return the lease, or empty if the lock is held
     * @throws RedisUnavailableException if Redis failed or did not answer in time
     * @throws KeyConflictException if the lock's key holds data Hasp did not write
     * @throws ClientClosedException if the client is closed
     */
    Optional<Lease> tryAcquire();

    /**
     * Waits up to {@code wait} for the lock: the lease, or empty if it stayed held.
     *
     * @param wait how long to wait at most; zero makes one attempt
     * @return the lease, or empty if the lock stayed held for the whole wait
     * @throws InterruptedException if the thread was interrupted while waiting; a lock granted meanwhile is released
     * @throws HaspArgumentException if {@code wait} is null, negative or longer than 365 days
     * @throws RedisUnavailableException if Redis failed or did not answer, and kept failing until the wait ran out
     * @throws KeyConflictException if the lock's key holds data Hasp did not write
     * @throws ClientClosedException if the client is or gets closed
     */
    Optional<Lease> tryAcquire(Duration wait) throws InterruptedException;

    /**
     * Waits up to {@code wait} for the lock.
     *
     * @param wait how long to wait at most; zero makes one attempt
     * @return the lease; close it to release the lock
     * @throws LockTimeoutException if the lock stayed held for the whole wait
     * @throws InterruptedException if the thread was interrupted while waiting; a lock granted meanwhile is released
     * @throws HaspArgumentException if {@code wait} is null, negative or longer than 365 days
     * @throws RedisUnavailableException if Redis failed or did not answer, and kept failing until the wait ran out
     * @throws KeyConflictException if the lock's key holds data Hasp did not write
     * @throws ClientClosedException if the client is or gets closed
     */
    Lease acquire(Duration wait) throws InterruptedException;

    /**
     * {@link #tryAcquire()} without blocking.
     *
     * @return a future of the lease, or of empty if the lock is held; it fails with the exceptions
     *     {@link #tryAcquire()} throws
     */
    CompletableFuture<Optional<Lease>> tryAcquireAsync();

    /**
     * {@link #tryAcquire(Duration)} without blocking; cancelling the future stops the wait.
     *
     * @param wait how long to wait at most; zero makes one attempt
     * @return a future of the lease, or of empty if the lock stayed held; it fails with the exceptions
     *     {@link #tryAcquire(Duration)} throws, except {@link HaspArgumentException}
     * @throws HaspArgumentException if {@code wait} is null, negative or longer than 365 days (thrown, not in the
     *     future)
     */
    CompletableFuture<Optional<Lease>> tryAcquireAsync(Duration wait);

    /**
     * {@link #acquire(Duration)} without blocking; fails with {@link LockTimeoutException}. Cancelling the future
     * stops the wait.
     *
     * @param wait how long to wait at most; zero makes one attempt
     * @return a future of the lease; it fails with the exceptions {@link #acquire(Duration)} throws, except
     *     {@link HaspArgumentException}
     * @throws HaspArgumentException if {@code wait} is null, negative or longer than 365 days (thrown, not in the
     *     future)
     */
    CompletableFuture<Lease> acquireAsync(Duration wait);

    /**
     * Acquires the lock (waiting up to {@code wait}), runs {@code work}, and releases the lock, whatever happens.
     *
     * @param <T> the type of the work's result
     * @param <X> the checked exception the work may throw
     * @param wait how long to wait for the lock at most; zero makes one attempt
     * @param work what to run while holding the lock; it is given the lease (for its fencing token)
     * @return what {@code work} returned
     * @throws LockTimeoutException if the lock stayed held for the whole wait
     * @throws LockLostException if the lease was lost while {@code work} ran (after it returned; its result is then
     *     not trustworthy as a critical section)
     * @throws X what {@code work} threw; a lost lease is then attached as a suppressed exception
     * @throws InterruptedException if the thread was interrupted while waiting for the lock
     * @throws HaspArgumentException if {@code wait} or {@code work} is bad or null; nothing was acquired
     */
    <T, X extends Exception> T withLock(Duration wait, LockedCallable<T, X> work) throws InterruptedException, X;

    /**
     * {@link #withLock} for work that returns nothing.
     *
     * @param <X> the checked exception the work may throw
     * @param wait how long to wait for the lock at most; zero makes one attempt
     * @param work what to run while holding the lock; it is given the lease (for its fencing token)
     * @throws LockTimeoutException if the lock stayed held for the whole wait
     * @throws LockLostException if the lease was lost while {@code work} ran
     * @throws X what {@code work} threw; a lost lease is then attached as a suppressed exception
     * @throws InterruptedException if the thread was interrupted while waiting for the lock
     * @throws HaspArgumentException if {@code wait} or {@code work} is bad or null; nothing was acquired
     */
    <X extends Exception> void runLocked(Duration wait, LockedRunnable<X> work) throws InterruptedException, X;

    /**
     * A {@link java.util.concurrent.locks.Lock} view of this lock, owned per thread, for code written against that
     * interface; see {@link JavaLock} for how its ownership and a lost lease behave. Each call returns a new,
     * independent view: keep one per lock and share it among threads.
     *
     * @return a new {@link java.util.concurrent.locks.Lock} view of this lock
     */
    JavaLock asJavaLock();
}
