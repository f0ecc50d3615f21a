package io.hasp;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A named distributed semaphore, made by {@link Hasp#semaphore(String, int)}: a cheap handle; its state (the permit
 * count and one entry per lease) lives in Redis. Each acquire of {@code n} permits returns its own {@link Lease},
 * owned by its random token, with the handle's lease options (watchdog or fixed lease time), {@link Lease#lost()},
 * {@link Lease#checkValid()} and a fencing token that strictly increases with every grant on this semaphore. A lease
 * whose holder dies gives its permits back when its lease time ends: permits never leak.
 *
 * <p>Fairness: first come, first served across all clients. A waiting acquire that is refused joins the semaphore's
 * queue in Redis; while an earlier waiting acquire is queued (and alive), every other request is refused, even one
 * that would fit, so a request for many permits is never starved by a stream of small ones. The price is that small
 * requests behind a large one wait even when permits are free. A single attempt ({@link #tryAcquire(int)}) never
 * queues, and is refused while anyone is queued. Within one client, waiting acquires are also served in order.
 *
 * <p>The permit count is part of the semaphore's state: the count given to {@link Hasp#semaphore(String, int)} is
 * stored by the first grant and used only while none is stored; {@link #setPermits(int)} changes it for every client.
 * Waiters wake on each release (the release's notice, with timed re-checks as a safety net), not by polling.
 *
 * <p>Blocking forms throw only {@link InterruptedException} and {@link HaspException} subclasses; cancelling an
 * async acquire stops its wait and releases any lease granted meanwhile. Thread-safe.
 */
public interface Semaphore {

    /** The most permits a semaphore may have. */
    int MAX_PERMITS = 1_000_000;

    /** {@return the semaphore's name} */
    String name();

    /** {@return the options its leases are acquired with} */
    LockOptions options();

    /**
     * A handle on the same semaphore whose leases use other options; this handle is unchanged.
     *
     * @param options the options the new handle's leases use
     * @return a new handle on the same semaphore, with the same initial count
     * @throws HaspArgumentException if {@code options} is null
     */
    Semaphore withOptions(LockOptions options);

    /**
     * One attempt, no waiting: a lease on {@code permits} permits if they are free and nobody is queued.
     *
     * @param permits how many permits the lease holds, from 1 to the semaphore's count
     * @return the lease, or empty if the permits are taken or someone is queued
     * @throws HaspArgumentException if {@code permits} is below 1 or above the semaphore's count
     * @throws RedisUnavailableException if Redis failed or did not answer in time
     * @throws KeyConflictException if one of the semaphore's keys holds data Hasp did not write
     * @throws ClientClosedException if the client is closed
     */
    Optional<Lease> tryAcquire(int permits);

    /**
     * Waits up to {@code wait} for {@code permits} permits: the lease, or empty if they stayed taken.
     *
     * @param permits how many permits the lease holds, from 1 to the semaphore's count
     * @param wait how long to wait at most; zero makes one attempt, which does not queue
     * @return the lease, or empty if the permits stayed taken for the whole wait
     * @throws HaspArgumentException if {@code permits} is below 1 or above the semaphore's count, or {@code wait}
     *     is null, negative or longer than 365 days
     * @throws RedisUnavailableException if Redis failed or did not answer, and kept failing until the wait ran out
     * @throws KeyConflictException if one of the semaphore's keys holds data Hasp did not write
     * @throws ClientClosedException if the client is or gets closed
     * @throws InterruptedException if the thread was interrupted while waiting; a lease granted meanwhile is
     *     released
     */
    Optional<Lease> tryAcquire(int permits, Duration wait) throws InterruptedException;

    /**
     * Waits up to {@code wait} for {@code permits} permits.
     *
     * @param permits how many permits the lease holds, from 1 to the semaphore's count
     * @param wait how long to wait at most; zero makes one attempt, which does not queue
     * @return the lease; close it to give the permits back
     * @throws LockTimeoutException if they stayed taken for the whole wait
     * @throws HaspArgumentException if {@code permits} is below 1 or above the semaphore's count, or {@code wait}
     *     is null, negative or longer than 365 days
     * @throws RedisUnavailableException if Redis failed or did not answer, and kept failing until the wait ran out
     * @throws KeyConflictException if one of the semaphore's keys holds data Hasp did not write
     * @throws ClientClosedException if the client is or gets closed
     * @throws InterruptedException if the thread was interrupted while waiting; a lease granted meanwhile is
     *     released
     */
    Lease acquire(int permits, Duration wait) throws InterruptedException;

    /**
     * {@link #tryAcquire(int)} without blocking.
     *
     * @param permits how many permits the lease holds, from 1 to the semaphore's count
     * @return a future of the lease, or of empty; it fails with the exceptions {@link #tryAcquire(int)} throws
     * @throws HaspArgumentException if {@code permits} is below 1 or above {@link #MAX_PERMITS}
     */
    CompletableFuture<Optional<Lease>> tryAcquireAsync(int permits);

    /**
     * {@link #tryAcquire(int, Duration)} without blocking; cancelling the future stops the wait.
     *
     * @param permits how many permits the lease holds, from 1 to the semaphore's count
     * @param wait how long to wait at most; zero makes one attempt, which does not queue
     * @return a future of the lease, or of empty; it fails with the exceptions {@link #tryAcquire(int, Duration)}
     *     throws
     * @throws HaspArgumentException if {@code permits} is below 1 or above {@link #MAX_PERMITS}, or {@code wait} is
     *     null, negative or longer than 365 days
     */
    CompletableFuture<Optional<Lease>> tryAcquireAsync(int permits, Duration wait);

    /**
     * {@link #acquire(int, Duration)} without blocking; fails with {@link LockTimeoutException}. Cancelling the future
     * stops the wait.
     *
     * @param permits how many permits the lease holds, from 1 to the semaphore's count
     * @param wait how long to wait at most; zero makes one attempt, which does not queue
     * @return a future of the lease; it fails with the exceptions {@link #acquire(int, Duration)} throws
     * @throws HaspArgumentException if {@code permits} is below 1 or above {@link #MAX_PERMITS}, or {@code wait} is
     *     null, negative or longer than 365 days
     */
    CompletableFuture<Lease> acquireAsync(int permits, Duration wait);

    /**
     * The semaphore's permit count, read from Redis (one round trip, blocking).
     *
     * @return the count stored in Redis, or this handle's initial count if none is stored
     * @throws RedisUnavailableException if Redis failed or did not answer in time
     * @throws KeyConflictException if the count's key holds data Hasp did not write
     */
    int permits();

    /**
     * Sets the semaphore's permit count for every client. Leases already held stay valid even if they now hold more
     * than the new count; no new grant is made until the permits held fall below it. Waiting clients are woken.
     *
     * @param permits the new count
     * @throws HaspArgumentException if {@code permits} is below 1 or above {@link #MAX_PERMITS}
     * @throws RedisUnavailableException if Redis failed or did not answer in time
     * @throws ClientClosedException if the client is closed
     * @throws KeyConflictException if the count's key holds data Hasp did not write (left untouched)
     */
    void setPermits(int permits);
}
