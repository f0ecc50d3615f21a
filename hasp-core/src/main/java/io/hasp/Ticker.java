package io.hasp;

/**
 * A monotonic time source in nanoseconds, like {@link System#nanoTime()}. Lease validity is always computed on it,
 * never on wall time. Tests inject their own to advance time without sleeping. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Ticker {
    /**
     * Reads the clock. Must never go backwards.
     *
     * @return nanoseconds from an arbitrary fixed origin; only differences between two readings mean anything
     */
    long read();

    /** {@return the JVM's monotonic clock, {@link System#nanoTime()}} */
    static Ticker system() {
        return System::nanoTime;
    }
}
