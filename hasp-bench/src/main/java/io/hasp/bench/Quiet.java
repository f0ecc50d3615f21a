package io.hasp.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure the bench's JVM is idle before a measured window starts. Whatever else runs in it then shares the 2
 * cores with the measured client and is charged to it (its client CPU per cycle): a client closed a moment ago still
 * shutting its threads down, another implementation's client finishing its last replies, the JIT compiling what the
 * warm-up made hot, a collection. Called while no worker runs: waits until the process uses less than
 * {@link #IDLE_SHARE} of one core over one interval, for at most a limit; if it is not idle by then, says which
 * threads were busy. Stateless; used by the controlling thread.
 */
final class Quiet {
    /** Below this share of one core the JVM counts as idle; idle clients' timers stay far below it. */
    static final double IDLE_SHARE = 0.05;
    /** Threads named in a busy JVM's description, busiest first. */
    private static final int NAMED_THREADS = 3;

    private Quiet() {
    }

    /**
     * How a wait ended.
     *
     * @param idle whether the JVM was idle within the limit (also true where process CPU time cannot be read)
     * @param waitedNanos how long the wait took
     * @param busy who used the CPU in the last interval when not idle, else null
     */
    record Outcome(boolean idle, long waitedNanos, String busy) {
    }

    /** Waits until the JVM uses under {@link #IDLE_SHARE} of a core in one {@code interval}, at most {@code limit}. */
    static Outcome await(Duration interval, Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        if (RedisProbe.processCpuNanos() < 0) {
            return new Outcome(true, 0, null);
        }
        while (true) {
            // Threads are read only around the last interval, to name them; reading them costs CPU itself.
            boolean last = System.nanoTime() - start + interval.toNanos() >= limit.toNanos();
            Map<Long, Long> threadsThen = last ? threadCpuNanos() : Map.of();
            long then = System.nanoTime();
            long cpuThen = RedisProbe.processCpuNanos();
            TimeUnit.NANOSECONDS.sleep(interval.toNanos());
            long used = RedisProbe.processCpuNanos() - cpuThen;
            long now = System.nanoTime();
            if (used < IDLE_SHARE * (now - then)) {
                return new Outcome(true, now - start, null);
            }
            if (last) {
                return new Outcome(false, now - start, describe(used, now - then, threadsThen, threadCpuNanos()));
            }
        }
    }

    /** CPU time so far of every live Java thread, by id (the JIT's and the collector's threads are not among them). */
    private static Map<Long, Long> threadCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        if (!threads.isThreadCpuTimeSupported() || !threads.isThreadCpuTimeEnabled()) {
            return cpu;
        }
        for (long id : threads.getAllThreadIds()) {
            long nanos = threads.getThreadCpuTime(id);
            if (nanos >= 0) {
                cpu.put(id, nanos);
            }
        }
        return cpu;
    }

    /** E.g. {@code 31% of a core: redisson-netty-2-1 12%, ..., JIT, GC and other JVM threads 15%}. */
    private static String describe(long used, long elapsed, Map<Long, Long> then, Map<Long, Long> now) {
        List<long[]> deltas = new ArrayList<>();
        long named = 0;
        for (Map.Entry<Long, Long> thread : now.entrySet()) {
            long delta = thread.getValue() - then.getOrDefault(thread.getKey(), 0L);
            if (delta > 0) {
                deltas.add(new long[] {thread.getKey(), delta});
                named += delta;
            }
        }
        deltas.sort((a, b) -> Long.compare(b[1], a[1]));
        StringBuilder text = new StringBuilder(percent(used, elapsed)).append(" of a core:");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (long[] delta : deltas.subList(0, Math.min(NAMED_THREADS, deltas.size()))) {
            ThreadInfo info = threads.getThreadInfo(delta[0]);
            String name = info == null ? "thread " + delta[0] + " (ended)" : info.getThreadName();
            text.append(' ').append(name).append(' ').append(percent(delta[1], elapsed)).append(',');
        }
        return text.append(" JIT, GC and other JVM threads ").append(percent(Math.max(0, used - named), elapsed))
                .toString();
    }

    private static String percent(long part, long whole) {
        return String.format(Locale.ROOT, "%.0f%%", 100.0 * part / whole);
    }
}
