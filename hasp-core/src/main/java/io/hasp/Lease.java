package io.hasp;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A held lock. A lease is owned by its random token, not by a thread: any thread may extend or release it.
 *
 * <p>{@link #close()} releases the lock exactly once (later calls do nothing) and never throws for a Redis failure:
 * it logs it, and the lock then ends with its lease time. Use {@link #release()} to learn whether the lock was still
 * held.
 *
 * <p>Validity ({@link #remaining()}, {@link #isValid()}) is computed on the monotonic clock from the moment the
 * acquire was <em>sent</em>, minus a drift allowance, so a lease never claims more than Redis may grant. It cannot
 * see a process pause that happens after the check: protect writes with {@link #fencingToken()}.
 *
 * <p>Implementations are thread-safe.
 */
public interface Lease extends AutoCloseable {

    /** {@return the name of the lock this lease holds} */
    String lockName();

    /**
     * A number that strictly increases with every successful acquire of this lock name, across clients and across a
     * restart of a Redis without persistence (it is at least the Redis server's clock in microseconds). Pass it to the
     * resource you protect, and have the resource reject a write whose token is older than one it already accepted.
     *
     * @return this lease's fencing token; it does not change while the lease is held
     */
    long fencingToken();

    /**
     * {@return the first characters of the lease's random token} Enough to correlate log lines, not enough to forge
     * the token.
     */
    String tokenPrefix();

    /**
     * {@return how much longer the lease is known to be valid} {@link Duration#ZERO} once released, lost or expired;
     * never negative.
     */
    Duration remaining();

    /** {@return whether the lease is still known to be valid: not released and {@link #remaining()} above zero} */
    boolean isValid();

    /**
     * Completes, with the reason, when the lease is known lost or can no longer be proven valid: a renewal or extend
     * found the key gone or owned by another token, or its validity ran out before a renewal was confirmed (Redis
     * unreachable, a long pause), or a fixed lease's time ran out unextended, or its client was closed. The reason's
     * message says which. Never completes for a lease released normally. Callbacks run on the client's executor,
     * never on an I/O thread.
     *
     * @return a stage that completes with the loss, or never
     */
    CompletionStage<LockLostException> lost();

    /**
     * Throws unless the lease is still known valid; call it at checkpoints of a long critical section.
     *
     * @throws LockLostException if the lease was lost or its validity ran out
     * @throws LockNotHeldException if it was released
     */
    void checkValid();

    /**
     * Sets the lock's lease time to {@code leaseTime} from now, if the lock is still ours.
     *
     * @param leaseTime the new lease time, counted from when the extend is sent; may be shorter than the current one
     * @throws HaspArgumentException if {@code leaseTime} is null, shorter than {@link LockOptions#MIN_LEASE_TIME} or
     *     longer than {@link LockOptions#MAX_LEASE_TIME}
     * @throws LockLostException if Redis shows the lock is no longer ours (it expired, maybe taken by another)
     * @throws LockNotHeldException if this lease was already released
     * @throws RedisUnavailableException if Redis did not answer in time; the validity is then unchanged
     * @throws ClientClosedException if the client was closed
     */
    void extend(Duration leaseTime);

    /**
     * {@link #extend(Duration)} without blocking; the future fails with the same exceptions.
     *
     * @param leaseTime the new lease time, counted from when the extend is sent
     * @return a future that completes once Redis confirmed the extend
     * @throws HaspArgumentException if {@code leaseTime} is out of range (thrown, not in the future)
     */
    CompletableFuture<Void> extendAsync(Duration leaseTime);

    /**
     * Releases the lock if it is still ours. Safe to call again after a failure: the release is a compare-and-delete
     * by token, so it can never delete another holder's lock. A release that timed out may still run, and is followed
     * by a clean-up by the token that runs once Redis answers again, so a retry may find the lock already released.
     *
     * @return {@code true} if the lock was ours and is now released; {@code false} if it had already expired or been
     *     released
     * @throws RedisUnavailableException if Redis did not answer in time
     * @throws ClientClosedException if the client was closed; nothing was sent, and the lock ends with its lease time
     */
    boolean release();

    /**
     * Releases the lock {@code delay} from now instead of at once: if the lock is still ours, its lease time is set to
     * {@code delay} by a compare-and-expire on the token (which may shorten it), and this lease ends here as if
     * released: no more renewals, {@link #remaining()} zero, later {@code release()}/{@code close()} do nothing. For a
     * lock that must stay taken for a minimum time after the work is done, such as a scheduled job that other
     * instances must skip for the rest of its tick. Waiters are not notified when the key then expires; they see it
     * at their next timed re-check. A delay shorter than {@link LockOptions#MIN_LEASE_TIME} releases at once.
     *
     * @param delay how long the lock stays taken from now
     * @return {@code true} if the lock was ours and now ends after {@code delay}; {@code false} if it had already
     *     expired or been released
     * @throws HaspArgumentException if {@code delay} is null, negative or longer than
     *     {@link LockOptions#MAX_LEASE_TIME}
     * @throws RedisUnavailableException if Redis did not answer in time; the lease then counts as lost (the command
     *     may have run) and a retry, or {@link #release()}, stays safe
     */
    boolean releaseAfter(Duration delay);

    /**
     * {@link #release()} without blocking.
     *
     * @return a future of what {@link #release()} returns; it fails with the exceptions that throws
     */
    CompletableFuture<Boolean> releaseAsync();

    /** Releases the lock once; Redis failures are logged, not thrown. */
    @Override
    void close();
}
