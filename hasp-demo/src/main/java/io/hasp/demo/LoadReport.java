package io.hasp.demo;

import java.time.Duration;
import java.util.Map;

/**
 * What one load run saw. Immutable.
 *
 * @param requests requests sent
 * @param successes requests answered 200 with a counter value
 * @param errors requests that failed (non-200 status, or no answer)
 * @param errorsByKind error counts by kind, e.g. {@code "409 lock timeout"} or {@code "timeout"}
 * @param counterBefore the counter read from {@code /counter} before the run
 * @param counterAfter the counter read from {@code /counter} after the run
 * @param distinctValues how many different counter values the successes carried
 * @param elapsed wall time of the run
 * @param p50 median latency of all requests
 * @param p99 99th-percentile latency of all requests
 */
public record LoadReport(int requests, int successes, int errors, Map<String, Integer> errorsByKind,
        long counterBefore, long counterAfter, int distinctValues, Duration elapsed, Duration p50, Duration p99) {

    public LoadReport {
        errorsByKind = Map.copyOf(errorsByKind);
    }

    /** How far the counter moved during the run. */
    public long counterAdvance() {
        return counterAfter - counterBefore;
    }

    /** Successful increments that did not show in the counter: the updates that were overwritten. */
    public long lostUpdates() {
        return successes - counterAdvance();
    }

    /** Successes that carried a value another success had already carried. */
    public int duplicateValues() {
        return successes - distinctValues;
    }

    /** Requests per second over the whole run. */
    public double throughput() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds > 0 ? requests / seconds : 0;
    }

    /** Every request succeeded, the counter moved by exactly that much, and no value was handed out twice. */
    public boolean exact() {
        return errors == 0 && successes == requests && counterAdvance() == successes && duplicateValues() == 0;
    }
}
