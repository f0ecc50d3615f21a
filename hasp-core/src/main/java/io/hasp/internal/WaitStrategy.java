package io.hasp.internal;

import io.hasp.LockOptions;

/**
 * How a waiter passes the time between two acquire attempts on a held lock. Polling with backoff is the simplest
 * ({@link BackoffWaitStrategy}); the notified strategy ({@link NotifiedWaitStrategy}) wakes waiters when the holder
 * releases, and lets only one waiter per lock and client ask Redis at a time.
 *
 * <p>Implementations are thread-safe.
 */
public interface WaitStrategy {

    /** Starts the wait of one acquire call on the lock {@code keys}. */
    WaitTurn join(LockKeys keys, LockOptions options);

    /** Whether this client has waiters on the lock right now (its release must then be able to notify them). */
    default boolean hasLocalWaiters(LockKeys keys) {
        return false;
    }

    /**
     * Claims this client's next waiter on the lock for a direct hand-off by a release, or returns {@code null} if
     * there is none ready (or fairness to other clients asks for a normal release). A claimed waiter sends no attempt
     * until the releaser reports the outcome to the returned receiver.
     */
    default HandOffReceiver claimHandOff(LockKeys keys) {
        return null;
    }
}
