package io.hasp.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The Redis side of a lock: one attempt to take it, and the token-checked release and extend. A single Redis and a
 * Redlock quorum are two backends under the same lease, wait and renewal machinery.
 *
 * <p>The waiter-registry methods have defaults that register nothing, for backends that cannot notify; their waiters
 * then rely on their wait line's timed re-checks.
 *
 * <p>Implementations are thread-safe and never block: futures may complete on an I/O thread, so callers must not
 * block in their continuations.
 */
interface LockBackend {

    /**
     * One attempt to take the lock with {@code token} for {@code leaseMillis}. Fails with
     * {@link io.hasp.KeyConflictException} if the key holds foreign data, or with a mapped Redis failure.
     */
    CompletableFuture<AcquireReply> tryAcquire(LockKeys keys, String token, long leaseMillis);

    /**
     * {@link #tryAcquire(LockKeys, String, long)} that also registers {@code entry} in the lock's waiter registry in
     * the same atomic step if the lock is held (and refreshes or removes it, as {@code entry} says, if it is taken).
     */
    default CompletableFuture<AcquireReply> tryAcquire(LockKeys keys, String token, long leaseMillis,
            WaiterEntry entry) {
        return tryAcquire(keys, token, leaseMillis);
    }

    /**
     * Whether a waiting acquire that finds no waiter of this client on the lock may first make a single try (the
     * {@link #tryAcquire(LockKeys, String, long)} that registers nothing) and join the lock's line only if it was
     * refused: true where that try costs what a waiting attempt costs and a refused one leaves nothing behind. The
     * default is false: every waiting attempt goes through the line.
     */
    default boolean triesBeforeWaiting() {
        return false;
    }

    /** Compare-and-delete by token: {@code true} if the lock was ours and is now gone. Safe to retry. */
    CompletableFuture<Boolean> release(LockKeys keys, String token);

    /**
     * {@link #release(LockKeys, String)}, told whether waiters may be registered: a backend with a cheaper release
     * that cannot notify (DELEX) may use it only when {@code mayHaveWaiters} is false.
     */
    default CompletableFuture<Boolean> release(LockKeys keys, String token, boolean mayHaveWaiters) {
        return release(keys, token);
    }

    /**
     * {@link #release(LockKeys, String)} as a clean-up that nobody may hear the answer of: the release by token of an
     * attempt whose outcome is unknown, sent to a server that may be silent past the command timeout. It must run
     * once that server wakes even if its answer comes too late to be read, so it relies on no answer before it runs
     * (scripts go by {@link ScriptRunner#runUnattended}). Safe to retry, like the release.
     */
    CompletableFuture<Boolean> cleanUp(LockKeys keys, String token);

    /**
     * Whether a grant of this backend is a shared hold (a read-write lock's read): others may be granted beside it,
     * so the next local waiter tries at once instead of waiting for this hold's release.
     */
    default boolean shared() {
        return false;
    }

    /**
     * {@link #tryAcquire(LockKeys, String, long, WaiterEntry)} for a shared hold that also asks for the waiters
     * {@code companions} of this client, each with its own token and lease time: all are granted with the same fence,
     * or none. Only called when {@link #shared()}.
     */
    default CompletableFuture<AcquireReply> tryAcquire(LockKeys keys, String token, long leaseMillis,
            WaiterEntry entry, List<? extends HandOffReceiver> companions) {
        throw new UnsupportedOperationException("this backend grants no shared holds");
    }

    /** Whether {@link #handOff} is supported: the holder can pass the lock to a local waiter in one step. */
    default boolean handsOffLocally() {
        return false;
    }

    /**
     * Passes the lock from {@code token} to {@code nextToken} with a lease of {@code leaseMillis} and a new fence,
     * without notifying anyone, if the lock is still held by {@code token}. With a {@code yieldingMember} (this
     * client's waiter id), it releases instead, waking one waiting client as a release does, if a client other than
     * that one is registered as waiting. Completes with the new fence (positive), {@link #NOT_OURS} if the lock was not
     * ours, {@link #CANNOT_HAND_OFF} if it cannot be handed off (the caller releases normally; nothing was written), or
     * {@link #YIELDED} if it released for another client. Only called when {@link #handsOffLocally()}.
     */
    default CompletableFuture<Long> handOff(LockKeys keys, String token, String nextToken, long leaseMillis,
            String yieldingMember) {
        throw new UnsupportedOperationException("this backend cannot hand a lock off");
    }

    /**
     * {@link #handOff(LockKeys, String, String, long, String)} to the waiter of {@code claim}: what a backend needs of
     * the waiter beyond its token and lease time (a semaphore call's permits) it reads from the waiter's own backend.
     */
    default CompletableFuture<Long> handOff(LockKeys keys, String token, HandOffClaim claim) {
        HandOffReceiver next = claim.receiver();
        return handOff(keys, token, next.token(), next.leaseMillis(), claim.yieldingMember());
    }

    /** {@link #handOff}: the lock was not ours. */
    long NOT_OURS = 0;
    /** {@link #handOff}: the lock cannot be handed off; nothing was written. */
    long CANNOT_HAND_OFF = -1;
    /** {@link #handOff}: released for another waiting client instead. */
    long YIELDED = -2;

    /**
     * A waiting call of the client whose waiter id is {@code member} ended without the lock (its wait ran out, it was
     * cancelled or failed): take back what its attempts left in Redis for it alone, by its {@code token}, and wake
     * whom that kept waiting. Fire and forget (it also goes stale by itself); an unattended send, since the call may
     * have given up because the server went silent. The default: attempts leave nothing of the call's own.
     */
    default void gaveUp(LockKeys keys, String token, String member) {
    }

    /** Removes this client's entry from the lock's waiter registry; fire and forget. */
    default void forgetWaiter(LockKeys keys, String member) {
    }

    /**
     * How long an attempt sent just before a waiting acquire's wait ends may still take, ns, when every step of it
     * is bounded by a timeout of this backend's own; the caller's answer is due this long after its wait at the
     * latest, even if the client's threads run late. Negative (the default): no such bound beyond the command
     * timeout, and no cut-off is set.
     */
    default long attemptBoundNanos(long leaseMillis) {
        return -1;
    }

    /**
     * Whether the lock is still held by {@code token}: one read, nothing written. A backend whose answer is only
     * trustworthy inside the lease's validity (Redlock's majority) answers {@code false} when it arrives after
     * {@code validUntil} on the client's ticker. A key holding foreign data is not ours: {@code false}.
     */
    CompletableFuture<Boolean> holds(LockKeys keys, String token, long validUntil);

    /** Compare-and-expire by token: {@code true} if the lock was ours and now expires {@code leaseMillis} from now. */
    CompletableFuture<Boolean> extend(LockKeys keys, String token, long leaseMillis);

    /**
     * {@link #extend(LockKeys, String, long)} for a lease valid until {@code validUntil} on the client's ticker. A
     * backend whose answer is only trustworthy inside that validity (Redlock's majority) answers {@code false} when
     * it arrives later; one Redis needs no such check.
     */
    default CompletableFuture<Boolean> extend(LockKeys keys, String token, long leaseMillis, long validUntil) {
        return extend(keys, token, leaseMillis);
    }
}
