package io.hasp.internal;

/**
 * A waiting acquire call that a release may hand the lock to directly, without the waiter asking Redis
 * ({@link WaitLines#claimHandOff}). The releaser reads the token and lease time for its hand-off script and then
 * reports exactly one outcome; until then the waiter sends no attempt of its own.
 *
 * <p>Implementations are thread-safe; the outcome may be reported on an I/O thread and must not block.
 */
interface HandOffReceiver {

    /** The waiter's token, which the lock will hold. */
    String token();

    /** The waiter's lease time, ms. */
    long leaseMillis();

    /** The backend of the waiter's own attempts, which knows what it asks for (a semaphore call's permits). */
    LockBackend backend();

    /** Whether the waiter's hold, once granted, is shared with others ({@link LockBackend#shared}). */
    default boolean sharesHold() {
        return backend().shared();
    }

    /** The lock now holds the waiter's token with a lease set by a script sent at {@code sentAt} (ticker time). */
    void handedOver(long fence, long sentAt);

    /** The releaser no longer held the lock, or could not hand it off: the waiter should attempt at once. */
    void notHandedOver();

    /**
     * The releaser yielded: another client waited, so the lock was released and one waiting client woken, as by a
     * plain release. The waiter waits for a release message (or its safety net) as it did before it was claimed.
     */
    void yielded();

    /** The hand-off script failed; it may or may not have run, so the waiter must clean up by its token. */
    void handOffFailed(Throwable failure);
}
