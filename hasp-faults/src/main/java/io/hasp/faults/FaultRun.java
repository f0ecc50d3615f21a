package io.hasp.faults;

import io.hasp.faults.check.CheckResult;
import io.hasp.faults.check.SummaryTable;
import io.hasp.faults.worker.BrokenMode;
import io.hasp.faults.worker.LockVariant;
import io.hasp.faults.worker.LockVariants;
import io.hasp.faults.worker.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fault run from the command line:
 * <pre>
 * java -cp ... io.hasp.faults.FaultRun [--duration 10m] [--seed 42] [--variants single] [--workers 3]
 *     [--threads 3] [--out DIR] [--broken release-del|no-fence]
 * </pre>
 * Without {@code --duration} it runs the short suite (one round of every scenario, about a minute per variant;
 * replicated variants, on Redis Cluster and Sentinel, face each failover fault once);
 * with it, the duration is shared among the scenarios, each repeating rounds until its share is spent. With
 * {@code --broken} it runs instead a deliberately broken workload per variant, which the checker must fail. Prints the
 * summary table (also written to {@code summary.md} in the output directory) and exits 1 if any violation was found,
 * 2 on bad arguments. Stateless; runs scenarios one after another on the calling thread.
 */
public final class FaultRun {
    private static final Set<String> OPTIONS = Set.of("duration", "seed", "variants", "workers", "threads", "out",
            "broken");
    private static final int BROKEN_PAUSES = 8;

    private FaultRun() {
    }

    /** The outcome of a whole run. */
    public record Report(List<ScenarioRunner.Outcome> outcomes, String table) {
        public boolean valid() {
            return outcomes.stream().allMatch(o -> o.result().valid());
        }
    }

    public static void main(String[] argv) throws InterruptedException {
        Args args;
        List<LockVariant> variants;
        BrokenMode broken;
        long seed;
        Duration duration;
        try {
            args = Args.parse(argv, OPTIONS);
            broken = BrokenMode.parse(args.string("broken", "none"));
            // The broken workloads are checked on independent servers; on a cluster their plain DEL would be redirected.
            List<LockVariant> eligible = broken == BrokenMode.NONE ? LockVariants.all() : LockVariants.standalone();
            variants = args.string("variants", "").isEmpty() ? eligible
                    : Arrays.stream(args.string("variants", "").split(",")).map(LockVariants::named).toList();
            if (broken != BrokenMode.NONE && variants.stream().anyMatch(v -> v.topology() != Topology.STANDALONE)) {
                throw new IllegalArgumentException("--broken runs on independent servers, not on cluster or Sentinel"
                        + " variants; got " + variants.stream().map(LockVariant::name).toList());
            }
            seed = args.number("seed", 42);
            duration = args.duration("duration", Duration.ZERO);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path out = Path.of(args.string("out", "target/fault-runs/seed-" + seed + "-" + System.currentTimeMillis()));
        Report report;
        if (broken == BrokenMode.NONE) {
            report = run(variants, duration, (int) args.number("workers", 3), (int) args.number("threads", 3), seed,
                    out);
        } else {
            report = runScenarios(variants.stream().map(v -> Scenarios.broken(v, broken, BROKEN_PAUSES, seed))
                    .toList(), seed, out);
        }
        System.out.print(report.table());
        System.out.println("histories and worker logs: " + out);
        System.exit(report.valid() ? 0 : 1);
    }

    /**
     * Runs every scenario of every variant, one after another, in sub-directories of {@code out}.
     *
     * @param duration zero for the short suite, else the total time to share among the scenarios
     */
    public static Report run(List<LockVariant> variants, Duration duration, int workers, int threads, long seed,
            Path out) throws InterruptedException {
        List<Scenario> scenarios = new ArrayList<>();
        for (LockVariant variant : variants) {
            scenarios.addAll(Scenarios.forVariant(variant, workers, threads, seed, Duration.ZERO));
        }
        if (!duration.isZero()) {
            Duration each = duration.dividedBy(scenarios.size());
            scenarios.replaceAll(s -> s.withBudget(each));
        }
        return runScenarios(scenarios, seed, out);
    }

    /** Runs the given scenarios in sub-directories of {@code out} and renders the table. */
    public static Report runScenarios(List<Scenario> scenarios, long seed, Path out) throws InterruptedException {
        List<ScenarioRunner.Outcome> outcomes = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            outcomes.add(ScenarioRunner.run(scenario, out.resolve(scenario.name()), seed));
        }
        Map<String, CheckResult> results = new LinkedHashMap<>();
        outcomes.forEach(o -> results.put(o.scenario().name(), o.result()));
        StringBuilder table = new StringBuilder();
        table.append("Fault run, seed ").append(seed).append(": ");
        outcomes.forEach(o -> table.append(o.scenario().name()).append(' ')
                .append(o.elapsed().toSeconds()).append(" s; "));
        table.append('\n').append('\n').append(SummaryTable.render(results));
        try {
            Files.createDirectories(out);
            Files.writeString(out.resolve("summary.md"), table, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the summary to " + out, e);
        }
        return new Report(outcomes, table.toString());
    }
}
