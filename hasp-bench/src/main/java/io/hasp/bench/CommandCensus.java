package io.hasp.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What each implementation sends to Redis per uncontended lock+unlock cycle, counted exactly with {@code MONITOR}:
 * the commands the client sends (its round trips) apart from the calls its Lua scripts make inside Redis. INFO
 * commandstats cannot tell those apart, since Redis counts script calls under the command's own name. C counts the
 * plain locks; PC the primitives (a cycle there is one permit, one read lock or one write lock, taken and released).
 */
final class CommandCensus {
    static final String ID = "C";
    static final String PRIMITIVES_ID = "PC";
    private static final int WARMUP_CYCLES = 50;
    private static final int CYCLES = 200;

    private final String id;
    private final String what;

    /** C: the plain locks. */
    CommandCensus() {
        this(ID, "lock+unlock");
    }

    /** A census under {@code id} whose cycle is {@code what}, e.g. {@code acquire+release}. */
    CommandCensus(String id, String what) {
        this.id = id;
        this.what = what;
    }

    static List<Column> columns() {
        return List.of(
                Column.precise("sentPerCycle", "sent/cycle"),
                Column.text("sent", "sent by the client, per cycle"),
                Column.precise("scriptCallsPerCycle", "in-script/cycle"),
                Column.text("scriptCalls", "called inside scripts, per cycle"),
                Column.precise("totalPerCycle", "total/cycle"));
    }

    ScenarioResult run(List<Candidate> candidates, RedisTarget redis, RedisProbe probe, Consumer<String> progress)
            throws InterruptedException {
        ScenarioResult result = new ScenarioResult(id, id + " Redis commands per uncontended " + what + " cycle ("
                + CYCLES + " cycles under MONITOR)", "sentPerCycle", "hasp", columns());
        for (Candidate candidate : candidates) {
            progress.accept(id + " " + candidate.id());
            result.add(census(id, candidate, redis, probe));
        }
        result.note("'sent' are the commands the client sent (round trips on an uncontended lock); 'in-script' are "
                + "the redis.call()s those scripts made. INFO commandstats counts both, which is why the Redis "
                + "calls/cycle of S1 equal 'total' here.");
        return result;
    }

    private static Row census(String id, Candidate candidate, RedisTarget redis, RedisProbe probe)
            throws InterruptedException {
        String key = "bench:" + id + ":" + candidate.id();
        Map<String, Integer> sent = new TreeMap<>();
        Map<String, Integer> inScripts = new TreeMap<>();
        try (LockClient client = candidate.impl().newClient()) {
            cycles(client, key, WARMUP_CYCLES);
            String start = "bench-census-start-" + candidate.id();
            String end = "bench-census-end-" + candidate.id();
            try (Monitor monitor = Monitor.open(redis)) {
                probe.mark(start);
                cycles(client, key, CYCLES);
                probe.mark(end);
                for (MonitorLine line : monitor.between(start, end)) {
                    (line.fromScript() ? inScripts : sent).merge(line.command(), 1, Integer::sum);
                }
            }
        }
        int sentTotal = sent.values().stream().mapToInt(Integer::intValue).sum();
        int scriptTotal = inScripts.values().stream().mapToInt(Integer::intValue).sum();
        return Row.measured(candidate)
                .put("sentPerCycle", (double) sentTotal / CYCLES)
                .put("sent", breakdown(sent))
                .put("scriptCallsPerCycle", (double) scriptTotal / CYCLES)
                .put("scriptCalls", breakdown(inScripts))
                .put("totalPerCycle", (double) (sentTotal + scriptTotal) / CYCLES);
    }

    private static void cycles(LockClient client, String key, int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            client.lock(key).unlock();
        }
    }

    /** {@code evalsha 1, delex 1}: calls per cycle by command, two decimals where they are not whole. */
    static String breakdown(Map<String, Integer> counts) {
        if (counts.isEmpty()) {
            return "-";
        }
        StringBuilder text = new StringBuilder();
        counts.forEach((command, count) -> {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(command).append(' ').append(perCycle(count));
        });
        return text.toString();
    }

    private static String perCycle(int count) {
        if (count % CYCLES == 0) {
            return Integer.toString(count / CYCLES);
        }
        return String.format(Locale.ROOT, "%.2f", (double) count / CYCLES);
    }
}
