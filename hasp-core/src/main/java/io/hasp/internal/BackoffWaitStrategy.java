package io.hasp.internal;

import io.hasp.Backoff;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Polling: sleep a jittered, capped exponential backoff, but never past the holder's remaining lease time (the lock is
 * certainly free then) nor past the waiter's deadline. Thread-safe; the timer thread only completes futures.
 */
public final class BackoffWaitStrategy implements WaitStrategy {
    private static final long EXPIRY_MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final ScheduledExecutorService timer;

    public BackoffWaitStrategy(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    @Override
    public CompletableFuture<Void> awaitRetry(LockKeys keys, long holderTtlMillis, int attempt, long remainingNanos,
            Backoff backoff) {
        long delay = pauseNanos(holderTtlMillis, attempt, remainingNanos, backoff);
        CompletableFuture<Void> due = new CompletableFuture<>();
        ScheduledFuture<?> tick = timer.schedule(() -> due.complete(null), delay, TimeUnit.NANOSECONDS);
        due.whenComplete((v, f) -> tick.cancel(false));
        return due;
    }

    /** The pause before the next attempt. */
    static long pauseNanos(long holderTtlMillis, int attempt, long remainingNanos, Backoff backoff) {
        long delay = backoff.delayNanos(attempt);
        if (holderTtlMillis >= 0) {
            delay = Math.min(delay, TimeUnit.MILLISECONDS.toNanos(holderTtlMillis) + EXPIRY_MARGIN_NANOS);
        }
        return Math.max(0, Math.min(delay, remainingNanos));
    }
}
