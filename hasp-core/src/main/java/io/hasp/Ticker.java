package io.hasp;

/**
 * A monotonic time source in nanoseconds, like {@link System#nanoTime()}. Lease validity is always computed on it,
 * never on wall time. Tests inject their own to advance time without sleeping. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Ticker {
    /** Nanoseconds from an arbitrary fixed origin; only differences between two readings mean anything. */
    long read();

    /** The JVM's monotonic clock. */
    static Ticker system() {
        return System::nanoTime;
    }
}
