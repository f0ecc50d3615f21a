package io.hasp.internal;

import io.hasp.Backoff;
import io.hasp.LockOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Polling: sleep a jittered, capped exponential backoff, but never past the holder's remaining lease time (the lock is
 * certainly free then) nor past the waiter's deadline. It registers nothing in Redis, so it suits backends that
 * cannot notify. Thread-safe; the timer thread only completes futures.
 */
public final class BackoffWaitStrategy implements WaitStrategy {
    private static final long EXPIRY_MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final ScheduledExecutorService timer;

    public BackoffWaitStrategy(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    @Override
    public WaitTurn join(LockKeys keys, LockOptions options) {
        return new WaitTurn() {
            @Override
            public CompletableFuture<Void> start(long remainingNanos) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public WaiterEntry beforeAttempt() {
                return null;
            }

            @Override
            public CompletableFuture<Void> awaitRetry(long holderTtlMillis, int attempt, long remainingNanos,
                    Backoff backoff) {
                return after(timer, pauseNanos(holderTtlMillis, attempt, remainingNanos, backoff));
            }

            @Override
            public void leave(boolean acquired) {
            }
        };
    }

    /** A future that {@code timer} completes after {@code delayNanos}; cancelling it cancels the timer task. */
    static CompletableFuture<Void> after(ScheduledExecutorService timer, long delayNanos) {
        CompletableFuture<Void> due = new CompletableFuture<>();
        ScheduledFuture<?> tick = timer.schedule(() -> due.complete(null), delayNanos, TimeUnit.NANOSECONDS);
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
