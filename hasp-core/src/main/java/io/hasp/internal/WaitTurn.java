package io.hasp.internal;

import io.hasp.Backoff;
import java.util.concurrent.CompletableFuture;

/**
 * One waiting acquire call's stay among the waiters of a lock, from {@link WaitStrategy#join}. The acquire loop calls
 * {@link #start} once, then {@link #beforeAttempt} before each attempt and {@link #awaitRetry} after each failed one,
 * and {@link #leave} when the call ends, however it ends (later calls are ignored).
 *
 * <p>Implementations are thread-safe; the futures they return may be cancelled when the call is abandoned.
 */
public interface WaitTurn {

    /**
     * What {@link #beforeAttempt} returns when a release has claimed this waiter for a direct hand-off: the attempt
     * must not be sent; the hand-off's outcome resumes the call through its {@link HandOffReceiver}.
     */
    WaiterEntry CLAIMED = new WaiterEntry("", 0, false);

    /** Lets releases of this client hand the lock straight to this call; called once, before {@link #start}. */
    default void acceptHandOffs(HandOffReceiver receiver) {
    }

    /** Completes when the first attempt may be sent: at once, or when local waiters ahead of this one are served. */
    CompletableFuture<Void> start(long remainingNanos);

    /**
     * Called just before an attempt is sent: what it should register in Redis, {@code null} for nothing, or
     * {@link #CLAIMED} if a hand-off is under way (then nothing may be sent).
     */
    WaiterEntry beforeAttempt();

    /**
     * The answer to the attempt that {@link #beforeAttempt} prepared, before the call acts on it: {@code null} if the
     * attempt failed (its effect is unknown).
     */
    default void answered(AcquireReply reply) {
    }

    /**
     * Completes when the waiter should try again after a failed attempt.
     *
     * @param holderTtlMillis the holder's remaining lease time as the last attempt saw it; -1 if unknown
     * @param attempt how many attempts have failed so far (0-based)
     * @param remainingNanos how long the waiter may still wait; never exceeded
     * @param backoff the waiter's backoff policy
     */
    CompletableFuture<Void> awaitRetry(long holderTtlMillis, int attempt, long remainingNanos, Backoff backoff);

    /** The acquire call is over: {@code acquired} tells whether its last attempt took the lock. */
    void leave(boolean acquired);
}
