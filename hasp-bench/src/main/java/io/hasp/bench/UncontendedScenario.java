package io.hasp.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * S1 and S2: lock and unlock as fast as possible with nobody else on the key. Each thread has a key of its own; all
 * threads share one client, as the threads of one application would. Measures cycles per second and the latency of
 * a whole lock+unlock cycle.
 */
final class UncontendedScenario {
    private final String id;
    private final String title;
    private final int threads;
    private final String referenceId;

    UncontendedScenario(String id, String title, int threads, String referenceId) {
        this.id = id;
        this.title = title;
        this.threads = threads;
        this.referenceId = referenceId;
    }

    /** S1 or S2: {@code threads} threads on one client of each implementation, compared with Hasp. */
    static UncontendedScenario distinctKeys(String id, int threads) {
        return new UncontendedScenario(id, id + " uncontended, " + threads + (threads == 1 ? " thread" : " threads")
                + ", one client, distinct keys", threads, "hasp");
    }

    static List<Column> columns() {
        return List.of(
                Column.count("throughput", "cycles/s"),
                Column.ratio(ScenarioResult.RATIO_KEY, "vs Hasp"),
                Column.decimal("p50Us", "p50 µs"),
                Column.decimal("p99Us", "p99 µs"),
                Column.precise("redisCallsPerCycle", "Redis calls/cycle"),
                Column.decimal("clientCpuUs", "client CPU µs/cycle"),
                Column.decimal("redisCpuUs", "Redis CPU µs/cycle"),
                Column.precise("clientWakeUps", "client wake-ups/cycle"),
                Column.precise("redisWakeUps", "Redis wake-ups/cycle"),
                Column.percent("spreadPct", "spread"));
    }

    ScenarioResult run(List<Candidate> candidates, RunSettings settings, RedisProbe probe, Consumer<String> progress)
            throws InterruptedException {
        ScenarioResult result = new ScenarioResult(id, title, "throughput", referenceId, columns());
        Map<String, Aggregate> aggregates = new LinkedHashMap<>();
        for (int rep = 1; rep <= settings.repetitions(); rep++) {
            for (Candidate candidate : Candidate.runOrder(candidates, rep)) {
                progress.accept(id + " " + candidate.id() + " repetition " + rep + "/" + settings.repetitions());
                aggregates.computeIfAbsent(candidate.id(), k -> new Aggregate())
                        .add(measure(candidate.impl(), settings, probe));
            }
        }
        for (Candidate candidate : candidates) {
            result.add(row(candidate, aggregates.get(candidate.id())));
        }
        result.computeRatios();
        result.note("A cycle is lock + unlock of a free lock. Redis calls/cycle come from INFO commandstats and "
                + "include the calls Lua scripts make; see the command census for what the client sends. Wake-ups "
                + "are the voluntary context switches of the bench JVM's threads and of the Redis process (Linux, "
                + "Redis on this host): each is a thread going to sleep to wait, so they count the thread hand-offs "
                + "of a cycle, and move far less with the machine's load than latency does.");
        return result;
    }

    private Measurement measure(LockImpl impl, RunSettings settings, RedisProbe probe)
            throws InterruptedException {
        try (LockClient client = impl.newClient()) {
            List<PhasedRun.Assignment> assignments = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                assignments.add(new PhasedRun.Assignment(client, "bench:" + id + ":" + impl.id() + ":t" + t));
            }
            return PhasedRun.run(assignments, null, PhasedRun.Timed.CYCLE, settings, probe);
        }
    }

    static Row row(Candidate candidate, Aggregate aggregate) {
        Row row = Row.measured(candidate);
        Spread throughput = aggregate.throughput();
        LatencySummary latency = aggregate.latency();
        row.put("throughput", throughput.median())
                .put("p50Us", latency.p50Micros())
                .put("p99Us", latency.p99Micros())
                .put("redisCallsPerCycle", aggregate.commandsPerCycle())
                .put("redisCalls", aggregate.commandBreakdown())
                .put("clientCpuUs", aggregate.clientCpuMicrosPerCycle())
                .put("redisCpuUs", aggregate.serverCpuMicrosPerCycle())
                .put("clientWakeUps", aggregate.clientWakeUpsPerCycle())
                .put("redisWakeUps", aggregate.serverWakeUpsPerCycle())
                .put("spreadPct", throughput.percent())
                .put("errors", aggregate.errors())
                .put("cyclesRun", aggregate.cyclesRun());
        aggregate.throughputs().forEach(row::addRepetition);
        if (aggregate.errors() > 0) {
            row.addProblem(aggregate.errors() + " failed cycles, first: " + aggregate.firstError());
        }
        if (aggregate.cyclesRun() == 0) {
            row.addProblem("no cycle completed at all");
        }
        return row;
    }
}
