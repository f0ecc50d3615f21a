package io.hasp.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * One factor that scales every liveness timeout in tests, so a slow machine or CI runner can be given more time by
 * setting the system property {@code hasp.timing.factor} (for example {@code -Dhasp.timing.factor=3}) instead of
 * editing timeouts one by one.
 *
 * <p>Stateless and thread-safe.
 */
public final class Timing {
    /** The system property that holds the factor; a positive decimal number, default {@code 1}. */
    public static final String FACTOR_PROPERTY = "hasp.timing.factor";

    private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();

    private Timing() {}

    /**
     * The current factor, read from {@value #FACTOR_PROPERTY} on each call.
     *
     * @return the factor; 1 when the property is unset
     * @throws IllegalArgumentException if the property is not a positive number
     */
    public static double factor() {
        String raw = System.getProperty(FACTOR_PROPERTY);
        if (raw == null || raw.isBlank()) {
            return 1.0;
        }
        double factor;
        try {
            factor = Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(FACTOR_PROPERTY + " must be a positive number but was '" + raw + "'", e);
        }
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException(FACTOR_PROPERTY + " must be a positive number but was '" + raw + "'");
        }
        return factor;
    }

    /**
     * {@code timeout} multiplied by {@link #factor()}, rounded to the nanosecond.
     *
     * @param timeout the unscaled timeout
     * @return the scaled timeout, at most {@code Long.MAX_VALUE} nanoseconds
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public static Duration scaled(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative but was " + timeout);
        }
        double nanos = timeout.toNanos() * factor();
        return nanos >= Long.MAX_VALUE ? Duration.ofNanos(Long.MAX_VALUE) : Duration.ofNanos(Math.round(nanos));
    }

    /**
     * Polls {@code condition} every 10 ms until it is true or {@code scaled(timeout)} has passed.
     *
     * @param what a description for the failure message, e.g. {@code "cluster_state:ok on all nodes"}
     * @param timeout the unscaled timeout
     * @param condition the condition to wait for; called on this thread
     * @throws TestkitException if the condition is still false at the deadline
     */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        Duration limit = scaled(timeout);
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new TestkitException("Timed out after " + limit.toMillis() + " ms waiting for " + what);
            }
            pause(POLL_NANOS);
        }
    }

    /** Sleeps for the given nanoseconds, turning an interrupt into a TestkitException with the flag restored. */
    static void pause(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestkitException("Interrupted while waiting", e);
        }
    }
}
