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

    /** The lock's name, as given to {@link Hasp#lock(String)}. */
    String name();

    /** The options this handle acquires with. */
    LockOptions options();

    /** A handle on the same lock that acquires with other options. */
    Lock withOptions(LockOptions options);

    /** One attempt, no waiting: the lease if the lock was free. */
    Optional<Lease> tryAcquire();

    /** Waits up to {@code wait} for the lock: the lease, or empty if it stayed held. */
    Optional<Lease> tryAcquire(Duration wait) throws InterruptedException;

    /**
     * Waits up to {@code wait} for the lock.
     *
     * @throws LockTimeoutException if the lock stayed held for the whole wait
     */
    Lease acquire(Duration wait) throws InterruptedException;

    /** {@link #tryAcquire()} without blocking. */
    CompletableFuture<Optional<Lease>> tryAcquireAsync();

    /** {@link #tryAcquire(Duration)} without blocking; cancelling the future stops the wait. */
    CompletableFuture<Optional<Lease>> tryAcquireAsync(Duration wait);

    /** {@link #acquire(Duration)} without blocking; fails with {@link LockTimeoutException}. */
    CompletableFuture<Lease> acquireAsync(Duration wait);

    /**
     * Acquires the lock (waiting up to {@code wait}), runs {@code work}, and releases the lock, whatever happens.
     *
     * @return what {@code work} returned
     * @throws LockTimeoutException if the lock stayed held for the whole wait
     * @throws LockLostException if the lease was lost while {@code work} ran (after it returned; its result is then
     *     not trustworthy as a critical section)
     * @throws X what {@code work} threw; a lost lease is then attached as a suppressed exception
     */
    <T, X extends Exception> T withLock(Duration wait, LockedCallable<T, X> work) throws InterruptedException, X;

    /** {@link #withLock} for work that returns nothing. */
    <X extends Exception> void runLocked(Duration wait, LockedRunnable<X> work) throws InterruptedException, X;

    /**
     * A {@link java.util.concurrent.locks.Lock} view of this lock, owned per thread, for code written against that
     * interface; see {@link JavaLock} for how its ownership and a lost lease behave. Each call returns a new,
     * independent view: keep one per lock and share it among threads.
     */
    JavaLock asJavaLock();
}
