package io.hasp.internal;

import io.hasp.Backoff;
import java.util.concurrent.CompletableFuture;

/**
 * How a waiter passes the time between two acquire attempts on a held lock. Polling with backoff is the simplest; a
 * notified strategy completes early when the holder releases.
 *
 * <p>Implementations are thread-safe. The returned future may be cancelled by the caller when the wait is abandoned;
 * an implementation must then drop whatever it registered for the waiter.
 */
public interface WaitStrategy {

    /**
     * Completes when the waiter should try again.
     *
     * @param keys the lock waited for
     * @param holderTtlMillis the holder's remaining lease time as the last attempt saw it; -1 if unknown
     * @param attempt how many attempts have failed so far (0-based)
     * @param remainingNanos how long the waiter may still wait; never exceeded
     * @param backoff the waiter's backoff policy
     */
    CompletableFuture<Void> awaitRetry(LockKeys keys, long holderTtlMillis, int attempt, long remainingNanos,
            Backoff backoff);
}
