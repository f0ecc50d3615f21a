package io.hasp.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * S1 and S2: lock and unlock as fast as possible with nobody else on the key. Each thread has a key of its own; all
 * threads share one client, as the threads of one application would. Measures cycles per second and the latency of
 * a whole lock+unlock cycle. A scenario made {@link #inTurns()} (S1, S2, P1) runs its implementations in turns
 * ({@link Interleaving}) when the settings have a slice, and takes each ratio to the reference from the turns of one
 * round ({@link PairedRatio}); otherwise each implementation has one window after the other.
 */
final class UncontendedScenario {
    /** In turns: the row's paired ratio's interquartile range over its median, in percent. */
    static final String RATIO_SPREAD_KEY = "ratioSpreadPct";
    /** In turns: how many rounds the row's paired ratio is the median of. */
    static final String PAIRS_KEY = "pairs";
    private static final String CYCLE_NOTE = "A cycle is lock + unlock of a free lock. Redis calls/cycle come from "
            + "INFO commandstats and include the calls Lua scripts make; see the command census for what the client "
            + "sends. Wake-ups are the voluntary context switches of the bench JVM's threads and of the Redis process "
            + "(Linux, Redis on this host): each is a thread going to sleep to wait, so they count the thread "
            + "hand-offs of a cycle, and move far less with the machine's load than latency does. Before every "
            + "measured window the workers pause until this JVM is idle.";

    private final String id;
    private final String title;
    private final int threads;
    private final String referenceId;
    private final boolean inTurns;

    UncontendedScenario(String id, String title, int threads, String referenceId) {
        this(id, title, threads, referenceId, false);
    }

    private UncontendedScenario(String id, String title, int threads, String referenceId, boolean inTurns) {
        this.id = id;
        this.title = title;
        this.threads = threads;
        this.referenceId = referenceId;
        this.inTurns = inTurns;
    }

    /** S1 or S2: {@code threads} threads on one client of each implementation, compared with Hasp in turns. */
    static UncontendedScenario distinctKeys(String id, int threads) {
        return new UncontendedScenario(id, id + " uncontended, " + threads + (threads == 1 ? " thread" : " threads")
                + ", one client, distinct keys", threads, "hasp").inTurns();
    }

    /** This scenario, measuring its implementations in turns when the settings have a slice. */
    UncontendedScenario inTurns() {
        return new UncontendedScenario(id, title, threads, referenceId, true);
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

    /** {@link #columns()} with the paired ratio's spread beside the ratio. */
    static List<Column> columnsInTurns() {
        List<Column> columns = new ArrayList<>(columns());
        columns.add(2, Column.percent(RATIO_SPREAD_KEY, "ratio IQR"));
        return columns;
    }

    ScenarioResult run(List<Candidate> candidates, RunSettings settings, RedisProbe probe, Consumer<String> progress)
            throws InterruptedException {
        if (inTurns && settings.interleaved()) {
            return runInTurns(candidates, settings, probe, progress);
        }
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
            aggregates.get(candidate.id()).busyStartsNote(candidate.label()).ifPresent(result::note);
        }
        result.computeRatios();
        result.note(CYCLE_NOTE);
        return result;
    }

    private ScenarioResult runInTurns(List<Candidate> candidates, RunSettings settings, RedisProbe probe,
            Consumer<String> progress) throws InterruptedException {
        ScenarioResult result = new ScenarioResult(id, title, "throughput", referenceId, columnsInTurns());
        Map<String, Aggregate> aggregates = new LinkedHashMap<>();
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        for (int rep = 1; rep <= settings.repetitions(); rep++) {
            progress.accept(id + " in turns, repetition " + rep + "/" + settings.repetitions());
            List<Candidate> order = Candidate.runOrder(candidates, rep);
            List<LockClient> clients = new ArrayList<>();
            try {
                List<List<PhasedRun.Assignment>> assignments = new ArrayList<>();
                for (Candidate candidate : order) {
                    clients.add(candidate.impl().newClient());
                    assignments.add(assignments(clients.get(clients.size() - 1), candidate.impl()));
                }
                Interleaving.Result turns = Interleaving.run(assignments, settings, probe);
                for (int i = 0; i < order.size(); i++) {
                    String impl = order.get(i).id();
                    aggregates.computeIfAbsent(impl, k -> new Aggregate()).add(turns.measurements().get(i));
                    rates.computeIfAbsent(impl, k -> new ArrayList<>()).addAll(turns.sliceRates().get(i));
                }
            } finally {
                clients.forEach(LockClient::close);
            }
        }
        List<Double> reference = rates.get(referenceId);
        for (Candidate candidate : candidates) {
            Row row = row(candidate, aggregates.get(candidate.id()));
            PairedRatio ratio = reference == null ? PairedRatio.of(List.of(), List.of())
                    : PairedRatio.of(rates.get(candidate.id()), reference);
            row.put(ScenarioResult.RATIO_KEY, ratio.median())
                    .put(RATIO_SPREAD_KEY, candidate.id().equals(referenceId) ? Double.NaN : ratio.spreadPercent())
                    .put("vsRefP25", ratio.lowerQuartile())
                    .put("vsRefP75", ratio.upperQuartile())
                    .put(PAIRS_KEY, ratio.pairs());
            result.add(row);
            aggregates.get(candidate.id()).busyStartsNote(candidate.label()).ifPresent(result::note);
        }
        result.note("Measured in turns: in each repetition every implementation's client is connected throughout, "
                + "and they run one at a time in slices of about " + settings.slice().toMillis() + " ms, the order "
                + "reversed every round, after the same turns unmeasured for the warm-up. 'vs Hasp' is the median "
                + "over rounds of the ratio of the two slices of one round, so the machine's drift cancels; 'ratio "
                + "IQR' is the interquartile range of those ratios over their median. cycles/s and the costs per "
                + "cycle are over all slices; 'spread' is that of cycles/s over the repetitions.");
        result.note(CYCLE_NOTE);
        return result;
    }

    private List<PhasedRun.Assignment> assignments(LockClient client, LockImpl impl) {
        List<PhasedRun.Assignment> assignments = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            assignments.add(new PhasedRun.Assignment(client, "bench:" + id + ":" + impl.id() + ":t" + t));
        }
        return assignments;
    }

    private Measurement measure(LockImpl impl, RunSettings settings, RedisProbe probe)
            throws InterruptedException {
        try (LockClient client = impl.newClient()) {
            return PhasedRun.run(assignments(client, impl), null, PhasedRun.Timed.CYCLE, settings, probe);
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
                .put("cyclesRun", aggregate.cyclesRun())
                .put("busyStarts", aggregate.busyStarts());
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
