package io.hasp.faults.check;

/**
 * A stall of the whole host, seen by the runner: from its last on-time tick to when it ran again. Immutable.
 *
 * @param start the last on-time tick
 * @param end when the runner ran again
 */
public record Stall(long start, long end) {

    public long millis() {
        return (end - start) / 1_000_000;
    }
}
