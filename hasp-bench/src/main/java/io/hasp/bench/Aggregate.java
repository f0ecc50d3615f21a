package io.hasp.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The repetitions of one implementation in one scenario, added up: throughput per repetition, merged latencies, and
 * costs per completed cycle over all repetitions. Used by one thread.
 */
final class Aggregate {
    private final List<Double> throughputs = new ArrayList<>();
    private final Histogram latencies = new Histogram(3);
    private final Map<String, Long> commands = new TreeMap<>();
    private long cycles;
    private long cyclesRun;
    private long serverCpuNanos;
    private long processCpuNanos;
    private long errors;
    private String firstError;
    private long fewestPerWorker = Long.MAX_VALUE;
    /** Summed wake-up counts; {@link WakeUps#UNKNOWN} once any repetition could not count them. */
    private long clientWakeUps;
    private long serverWakeUps;
    /** Idle checks before the windows (or slices), those that found the JVM busy, and the first one's finding. */
    private int settles;
    private int busyStarts;
    private String firstBusy;

    void add(Measurement m) {
        throughputs.add(m.cycles() / m.windowSeconds());
        latencies.add(m.histogram());
        m.commands().calls().forEach((name, count) -> commands.merge(name, count, Long::sum));
        cycles += m.cycles();
        cyclesRun += m.cyclesRun();
        serverCpuNanos += m.serverCpuNanos();
        processCpuNanos += m.clientCpuNanos();
        errors += m.errors();
        if (firstError == null) {
            firstError = m.firstError();
        }
        fewestPerWorker = Math.min(fewestPerWorker, m.fewestPerWorker());
        clientWakeUps = WakeUps.sum(clientWakeUps, m.clientWakeUps());
        serverWakeUps = WakeUps.sum(serverWakeUps, m.serverWakeUps());
        for (Quiet.Outcome settle : m.settles()) {
            settles++;
            if (!settle.idle()) {
                busyStarts++;
                firstBusy = firstBusy == null ? settle.busy() : firstBusy;
            }
        }
    }

    /** Measured windows (or slices) that started although the JVM had not become idle before them. */
    int busyStarts() {
        return busyStarts;
    }

    /** For the table's notes, if any window of {@code label} started in a busy JVM: how many, and who was busy. */
    Optional<String> busyStartsNote(String label) {
        if (busyStarts == 0) {
            return Optional.empty();
        }
        return Optional.of(label + ": " + busyStarts + " of " + settles + " measured windows started before this "
                + "JVM was idle (first: " + firstBusy + ").");
    }

    Spread throughput() {
        return Spread.of(throughputs);
    }

    List<Double> throughputs() {
        return List.copyOf(throughputs);
    }

    LatencySummary latency() {
        return LatencySummary.of(latencies);
    }

    /** Redis command calls per completed cycle, script-internal calls included. */
    double commandsPerCycle() {
        return perCycle(commands.values().stream().mapToLong(Long::longValue).sum());
    }

    /** Redis command calls per completed cycle by command, e.g. {@code evalsha 2.00, get 1.00}. */
    String commandBreakdown() {
        StringBuilder text = new StringBuilder();
        commands.forEach((name, count) -> {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(name).append(' ').append(String.format(java.util.Locale.ROOT, "%.2f", perCycle(count)));
        });
        return text.toString();
    }

    double clientCpuMicrosPerCycle() {
        return perCycle(processCpuNanos) / 1e3;
    }

    double serverCpuMicrosPerCycle() {
        return perCycle(serverCpuNanos) / 1e3;
    }

    /** The client's {@link WakeUps} per completed cycle; NaN if they could not be counted. */
    double clientWakeUpsPerCycle() {
        return clientWakeUps == WakeUps.UNKNOWN ? Double.NaN : perCycle(clientWakeUps);
    }

    /** The Redis servers' {@link WakeUps} per completed cycle; NaN if they could not be counted. */
    double serverWakeUpsPerCycle() {
        return serverWakeUps == WakeUps.UNKNOWN ? Double.NaN : perCycle(serverWakeUps);
    }

    /** The fewest cycles any one worker completed in any one window: 0 means a starved worker. */
    long fewestPerWorker() {
        return fewestPerWorker == Long.MAX_VALUE ? 0 : fewestPerWorker;
    }

    /** Cycles completed in every phase of every repetition. */
    long cyclesRun() {
        return cyclesRun;
    }

    long errors() {
        return errors;
    }

    String firstError() {
        return firstError;
    }

    private double perCycle(long amount) {
        return cycles == 0 ? Double.NaN : (double) amount / cycles;
    }
}
