package io.hasp.bench;

import org.HdrHistogram.Histogram;

/**
 * The percentiles a table shows, in nanoseconds, taken from an HdrHistogram (3 significant digits, so each value is
 * within 0.1% of the exact one). Immutable.
 */
record LatencySummary(long count, long p50Nanos, long p99Nanos, long maxNanos) {
    static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0);

    static LatencySummary of(Histogram histogram) {
        if (histogram.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencySummary(histogram.getTotalCount(), histogram.getValueAtPercentile(50),
                histogram.getValueAtPercentile(99), histogram.getMaxValue());
    }

    double p50Micros() {
        return p50Nanos / 1e3;
    }

    double p99Micros() {
        return p99Nanos / 1e3;
    }

    double p50Millis() {
        return p50Nanos / 1e6;
    }

    double p99Millis() {
        return p99Nanos / 1e6;
    }

    double maxMillis() {
        return maxNanos / 1e6;
    }
}
