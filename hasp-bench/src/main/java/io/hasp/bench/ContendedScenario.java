package io.hasp.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * S3, S4 and S5: one hot key, many waiters spread over several independent clients in this JVM (S3-1 and S4-1: all
 * of them in one client, the common case of one service instance with a thread pool). Every waiter loops
 * lock, critical section, unlock; the critical section is a tiny counter increment checked by {@link ExclusionCheck},
 * so the lock hand-off dominates and a broken mutual exclusion cannot go unnoticed. The primitive scenarios (P2, P3)
 * run the same loop with a referee of their own ({@link PermitCheck}, {@link ReadWriteCheck}).
 */
final class ContendedScenario {
    static final int CLIENTS = 4;

    private final String id;
    private final String what;
    private final int waiters;
    private final int clients;
    private final Supplier<Referee> referees;
    private final String sectionNote;

    ContendedScenario(String id, String what, int waiters) {
        this(id, what, waiters, CLIENTS);
    }

    ContendedScenario(String id, String what, int waiters, int clients) {
        this(id, what, waiters, clients, ExclusionCheck::new, "A section is one lock, counter increment, unlock.");
    }

    /**
     * A hot-key scenario over {@code clients} clients whose sections are judged by a fresh referee from
     * {@code referees} per repetition; {@code sectionNote} says what a section is, for the table's note.
     */
    ContendedScenario(String id, String what, int waiters, int clients, Supplier<Referee> referees,
            String sectionNote) {
        this.id = id;
        this.what = what;
        this.waiters = waiters;
        this.clients = clients;
        this.referees = referees;
        this.sectionNote = sectionNote;
    }

    static List<Column> columns() {
        return List.of(
                Column.count("throughput", "sections/s"),
                Column.ratio(ScenarioResult.RATIO_KEY, "vs Hasp"),
                Column.decimal("p50WaitMs", "p50 wait ms"),
                Column.decimal("p99WaitMs", "p99 wait ms"),
                Column.decimal("maxWaitMs", "max wait ms"),
                Column.count("fewestSections", "fewest/waiter"),
                Column.precise("redisCallsPerCycle", "Redis calls/section"),
                Column.decimal("clientCpuUs", "client CPU µs/section"),
                Column.percent("spreadPct", "spread"),
                Column.text("exclusion", "mutual exclusion"));
    }

    ScenarioResult run(List<Candidate> candidates, String referenceId, RunSettings settings, RedisProbe probe,
            Consumer<String> progress) throws InterruptedException {
        String title = id + " " + what + ": one hot key, " + waiters + " waiters over " + clients
                + (clients == 1 ? " client" : " clients");
        ScenarioResult result = new ScenarioResult(id, title, "throughput", referenceId, columns());
        Map<String, Aggregate> aggregates = new LinkedHashMap<>();
        Map<String, List<String>> violations = new LinkedHashMap<>();
        for (int rep = 1; rep <= settings.repetitions(); rep++) {
            for (Candidate candidate : Candidate.runOrder(candidates, rep)) {
                progress.accept(id + " " + candidate.id() + " repetition " + rep + "/" + settings.repetitions());
                Referee referee = referees.get();
                Measurement outcome = measure(candidate.impl(), referee, rep, settings, probe);
                aggregates.computeIfAbsent(candidate.id(), k -> new Aggregate()).add(outcome);
                List<String> broken = violations.computeIfAbsent(candidate.id(), k -> new ArrayList<>());
                if (!referee.held()) {
                    broken.add("repetition " + rep + ": " + referee.findings());
                }
            }
        }
        for (Candidate candidate : candidates) {
            result.add(row(candidate, aggregates.get(candidate.id()), violations.get(candidate.id())));
            aggregates.get(candidate.id()).busyStartsNote(candidate.label()).ifPresent(result::note);
        }
        result.computeRatios();
        result.note(sectionNote + " Wait is from the lock call to holding the lock. "
                + "'fewest/waiter' is the fewest sections any single waiter completed in any one measured window "
                + "(0 = a starved waiter).");
        return result;
    }

    private Measurement measure(LockImpl impl, Referee referee, int rep, RunSettings settings,
            RedisProbe probe) throws InterruptedException {
        List<LockClient> clients = new ArrayList<>();
        try {
            for (int c = 0; c < this.clients; c++) {
                clients.add(impl.newClient());
            }
            String key = "bench:" + id + ":" + impl.id() + ":r" + rep;
            List<PhasedRun.Assignment> assignments = new ArrayList<>();
            for (int w = 0; w < waiters; w++) {
                assignments.add(new PhasedRun.Assignment(clients.get(w % this.clients), key));
            }
            return PhasedRun.run(assignments, referee, PhasedRun.Timed.WAIT, settings, probe);
        } finally {
            clients.forEach(LockClient::close);
        }
    }

    static Row row(Candidate candidate, Aggregate aggregate, List<String> violations) {
        Row row = Row.measured(candidate);
        Spread throughput = aggregate.throughput();
        LatencySummary wait = aggregate.latency();
        row.put("throughput", throughput.median())
                .put("p50WaitMs", wait.p50Millis())
                .put("p99WaitMs", wait.p99Millis())
                .put("maxWaitMs", wait.maxMillis())
                .put("fewestSections", aggregate.fewestPerWorker())
                .put("redisCallsPerCycle", aggregate.commandsPerCycle())
                .put("redisCalls", aggregate.commandBreakdown())
                .put("clientCpuUs", aggregate.clientCpuMicrosPerCycle())
                .put("redisCpuUs", aggregate.serverCpuMicrosPerCycle())
                .put("spreadPct", throughput.percent())
                .put("errors", aggregate.errors())
                .put("cyclesRun", aggregate.cyclesRun())
                .put("busyStarts", aggregate.busyStarts())
                .put("exclusion", violations.isEmpty() ? "held" : "VIOLATED");
        aggregate.throughputs().forEach(row::addRepetition);
        violations.forEach(v -> row.addProblem("mutual exclusion violated in " + v));
        if (aggregate.errors() > 0) {
            row.addProblem(aggregate.errors() + " failed cycles, first: " + aggregate.firstError());
        }
        if (aggregate.cyclesRun() == 0) {
            row.addProblem("no section completed at all");
        }
        return row;
    }
}
