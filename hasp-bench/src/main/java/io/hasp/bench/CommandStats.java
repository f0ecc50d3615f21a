package io.hasp.bench;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Calls per Redis command, sorted by name, parsed from {@code INFO commandstats}. Redis counts every call, including
 * those a Lua script makes through {@code redis.call}, so these totals are the server's work, not the client's round
 * trips (those come from {@link CommandCensus}). Immutable.
 */
record CommandStats(Map<String, Long> calls) {
    /** Commands the benchmark's own probe sends; never part of what an implementation costs. */
    private static final Set<String> PROBE_COMMANDS = Set.of("info", "monitor", "echo");

    static CommandStats parse(String info) {
        Map<String, Long> calls = new TreeMap<>();
        for (String line : info.split("\r?\n")) {
            if (!line.startsWith("cmdstat_")) {
                continue;
            }
            int colon = line.indexOf(':');
            int start = line.indexOf("calls=", colon);
            if (colon < 0 || start < 0) {
                continue;
            }
            int end = line.indexOf(',', start);
            String name = line.substring("cmdstat_".length(), colon);
            long count = Long.parseLong(line.substring(start + "calls=".length(), end < 0 ? line.length() : end));
            calls.put(name, count);
        }
        return new CommandStats(Collections.unmodifiableMap(calls));
    }

    /** The calls made between {@code earlier} and this, without the probe's own commands. */
    CommandStats minus(CommandStats earlier) {
        Map<String, Long> delta = new TreeMap<>();
        calls.forEach((name, count) -> {
            long diff = count - earlier.calls.getOrDefault(name, 0L);
            if (diff > 0 && !PROBE_COMMANDS.contains(name)) {
                delta.put(name, diff);
            }
        });
        return new CommandStats(Collections.unmodifiableMap(delta));
    }

    /** These calls and {@code other}'s together: the work of several servers (the primaries of a cluster). */
    CommandStats plus(CommandStats other) {
        Map<String, Long> sum = new TreeMap<>(calls);
        other.calls.forEach((name, count) -> sum.merge(name, count, Long::sum));
        return new CommandStats(Collections.unmodifiableMap(sum));
    }

    long total() {
        return calls.values().stream().mapToLong(Long::longValue).sum();
    }

}
