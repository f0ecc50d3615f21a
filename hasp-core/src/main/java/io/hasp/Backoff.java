package io.hasp;

import io.hasp.internal.Arguments;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * How long a waiter pauses between attempts: capped exponential growth with full jitter, so that contending clients
 * spread out instead of retrying in lock-step. The pause before attempt {@code n} (from 0) is a uniformly random
 * duration in {@code [0, min(max, initial * 2^n)]}.
 *
 * <p>Immutable and thread-safe.
 */
public final class Backoff {
    private static final long EXPIRY_MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private final Duration initial;
    private final Duration max;

    private Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    /**
     * Capped exponential backoff with full jitter, starting at {@code initial} and never above {@code max}.
     *
     * @param initial the ceiling of the first pause; positive
     * @param max the ceiling of every pause; at least {@code initial}, at most 10 minutes
     * @return the backoff
     * @throws HaspArgumentException if an argument is null or out of range
     */
    public static Backoff exponential(Duration initial, Duration max) {
        Arguments.notNull("backoff initial", initial);
        Arguments.notNull("backoff max", max);
        if (initial.isNegative() || initial.isZero()) {
            throw new HaspArgumentException("backoff initial must be positive, got " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new HaspArgumentException("backoff max must be >= initial (" + initial + "), got " + max);
        }
        if (max.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new HaspArgumentException("backoff max must be at most 10 minutes, got " + max);
        }
        return new Backoff(initial, max);
    }

    /** {@return the default backoff: from 2 ms up to 200 ms} */
    public static Backoff defaults() {
        return new Backoff(Duration.ofMillis(2), Duration.ofMillis(200));
    }

    /** {@return the first pause, before jitter} */
    public Duration initial() {
        return initial;
    }

    /** {@return the longest pause, before jitter} */
    public Duration max() {
        return max;
    }

    /**
     * The upper bound of the pause before attempt {@code attempt}, before jitter.
     *
     * @param attempt the attempt's number, from 0; a negative one counts as 0
     * @return the bound, in nanoseconds: {@code min(max, initial * 2^attempt)}
     */
    public long ceilingNanos(int attempt) {
        long cap = max.toNanos();
        long start = initial.toNanos();
        int shift = Math.min(Math.max(attempt, 0), 62);
        if (start > (cap >> shift)) {
            return cap;
        }
        return Math.min(cap, start << shift);
    }

    /**
     * A jittered pause before attempt {@code attempt}: uniformly random up to {@link #ceilingNanos(int)}.
     *
     * @param attempt the attempt's number, from 0
     * @return the pause, in nanoseconds
     */
    public long delayNanos(int attempt) {
        long ceiling = ceilingNanos(attempt);
        return ThreadLocalRandom.current().nextLong(ceiling + 1);
    }

    /**
     * How long a waiter pauses before attempt {@code attempt} (0-based), ns: {@link #delayNanos}, but never past the
     * holder's remaining lease ({@code holderTtlMillis} plus 1 ms, when the lock is certainly free; -1 if unknown)
     * nor past the waiter's {@code remainingNanos}.
     *
     * @param attempt the attempt's number, from 0
     * @param holderTtlMillis the holder's remaining lease in milliseconds, or -1 if unknown
     * @param remainingNanos how much of the waiter's wait is left, in nanoseconds
     * @return the pause, in nanoseconds; never negative
     */
    public long pauseNanos(int attempt, long holderTtlMillis, long remainingNanos) {
        long delay = delayNanos(attempt);
        if (holderTtlMillis >= 0) {
            delay = Math.min(delay, TimeUnit.MILLISECONDS.toNanos(holderTtlMillis) + EXPIRY_MARGIN_NANOS);
        }
        return Math.max(0, Math.min(delay, remainingNanos));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Backoff && ((Backoff) o).initial.equals(initial) && ((Backoff) o).max.equals(max);
    }

    @Override
    public int hashCode() {
        return initial.hashCode() * 31 + max.hashCode();
    }

    @Override
    public String toString() {
        return "Backoff.exponential(" + initial + ", " + max + ")";
    }
}
