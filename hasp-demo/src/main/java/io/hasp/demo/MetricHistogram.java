package io.hasp.demo;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Prometheus histogram of durations in seconds, with fixed bucket bounds from 0.5 ms to 30 s.
 *
 * <p>Thread-safe and lock-free: each bucket, the count and the sum are {@link LongAdder}s. A scrape that runs while
 * observations arrive may see the count and the buckets a few observations apart; Prometheus tolerates that, and it
 * keeps the hot path free of locks.
 */
public final class MetricHistogram {
    private static final double[] BOUNDS_SECONDS = {
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

    private final String name;
    private final String help;
    /** Per-bucket (not cumulative) counts; the last slot holds observations above every bound. */
    private final LongAdder[] buckets = new LongAdder[BOUNDS_SECONDS.length + 1];
    private final LongAdder count = new LongAdder();
    private final LongAdder sumNanos = new LongAdder();

    /** {@code name} should end in {@code _seconds}. */
    public MetricHistogram(String name, String help) {
        this.name = name;
        this.help = help;
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    public void observe(Duration duration) {
        observeNanos(duration.toNanos());
    }

    public void observeNanos(long nanos) {
        double seconds = nanos / 1e9;
        int bucket = 0;
        while (bucket < BOUNDS_SECONDS.length && seconds > BOUNDS_SECONDS[bucket]) {
            bucket++;
        }
        buckets[bucket].increment();
        count.increment();
        sumNanos.add(nanos);
    }

    public long count() {
        return count.sum();
    }

    /** Appends the histogram in the Prometheus text exposition format, with cumulative buckets. */
    public void writeTo(StringBuilder out) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" histogram\n");
        long cumulative = 0;
        for (int i = 0; i < BOUNDS_SECONDS.length; i++) {
            cumulative += buckets[i].sum();
            out.append(name).append("_bucket{le=\"").append(formatBound(BOUNDS_SECONDS[i])).append("\"} ")
                    .append(cumulative).append('\n');
        }
        cumulative += buckets[BOUNDS_SECONDS.length].sum();
        out.append(name).append("_bucket{le=\"+Inf\"} ").append(cumulative).append('\n');
        out.append(name).append("_sum ").append(String.format(Locale.ROOT, "%.6f", sumNanos.sum() / 1e9)).append('\n');
        out.append(name).append("_count ").append(cumulative).append('\n');
    }

    private static String formatBound(double bound) {
        return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }
}
