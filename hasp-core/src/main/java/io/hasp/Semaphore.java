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

    /** The semaphore's name. */
    String name();

    /** The options its leases are acquired with. */
    LockOptions options();

    /** A handle on the same semaphore whose leases use other options. */
    Semaphore withOptions(LockOptions options);

    /**
     * One attempt, no waiting: a lease on {@code permits} permits if they are free and nobody is queued.
     *
     * @throws HaspArgumentException if {@code permits} is below 1 or above the semaphore's count
     */
    Optional<Lease> tryAcquire(int permits);

    /** Waits up to {@code wait} for {@code permits} permits: the lease, or empty if they stayed taken. */
    Optional<Lease> tryAcquire(int permits, Duration wait) throws InterruptedException;

    /**
     * Waits up to {@code wait} for {@code permits} permits.
     *
     * @throws LockTimeoutException if they stayed taken for the whole wait
     */
    Lease acquire(int permits, Duration wait) throws InterruptedException;

    /** {@link #tryAcquire(int)} without blocking. */
    CompletableFuture<Optional<Lease>> tryAcquireAsync(int permits);

    /** {@link #tryAcquire(int, Duration)} without blocking; cancelling the future stops the wait. */
    CompletableFuture<Optional<Lease>> tryAcquireAsync(int permits, Duration wait);

    /** {@link #acquire(int, Duration)} without blocking; fails with {@link LockTimeoutException}. */
    CompletableFuture<Lease> acquireAsync(int permits, Duration wait);

    /** The semaphore's permit count: the one stored in Redis, or this handle's initial count if none is stored. */
    int permits();

    /**
     * Sets the semaphore's permit count for every client. Leases already held stay valid even if they now hold more
     * than the new count; no new grant is made until the permits held fall below it. Waiting clients are woken.
     *
     * @throws HaspArgumentException if {@code permits} is below 1 or above {@link #MAX_PERMITS}
     * @throws KeyConflictException if the count's key holds data Hasp did not write (left untouched)
     */
    void setPermits(int permits);
}
