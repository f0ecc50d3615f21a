package io.hasp.demo;

import java.util.concurrent.atomic.LongAdder;

/** A Prometheus counter: a total that only goes up. Thread-safe and lock-free ({@link LongAdder}). */
public final class MetricCounter {
    private final String name;
    private final String help;
    private final LongAdder total = new LongAdder();

    /** {@code name} should end in {@code _total}, as Prometheus expects of counters. */
    public MetricCounter(String name, String help) {
        this.name = name;
        this.help = help;
    }

    public void increment() {
        total.increment();
    }

    public long value() {
        return total.sum();
    }

    /** Appends the counter in the Prometheus text exposition format. */
    public void writeTo(StringBuilder out) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" counter\n");
        out.append(name).append(' ').append(value()).append('\n');
    }
}
