package io.hasp.bench;

import io.hasp.testkit.RedisServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs the chosen scenarios one after another on one Redis (started here unless a URI was given) and builds the
 * report. Every implementation of a scenario runs in the same suite, on the same Redis, interleaved by repetition.
 * The cluster scenarios (S1C, S3C) share one Redis Cluster, started on the first of them and stopped with the run.
 */
final class Suite {
    private static final int WARMUP_THREADS = 4;
    /** The permits of the semaphores in P1, P2 and PC: 16 waiters on 4 permits keep 12 waiting. */
    static final int SEMAPHORE_PERMITS = 4;

    private final BenchOptions options;
    private final Consumer<String> progress;

    Suite(BenchOptions options, Consumer<String> progress) {
        this.options = options;
        this.progress = progress;
    }

    Report run() throws InterruptedException {
        if (options.redisUri() != null) {
            return run(RedisTarget.parse(options.redisUri()), "given with --redis");
        }
        progress.accept("starting redis-server through the testkit");
        try (RedisServer server = RedisServer.start()) {
            return run(RedisTarget.parse(server.uri()), "started by the benchmark");
        }
    }

    private Report run(RedisTarget redis, String where) throws InterruptedException {
        RunSettings settings = options.settings();
        Map<String, ScenarioResult> results = new LinkedHashMap<>();
        try (RedisProbe probe = new RedisProbe(redis);
                ClusterScenarios cluster = new ClusterScenarios(options.impls(), progress)) {
            Environment environment = Environment.describe(probe.version(), redis.display() + ", " + where, settings);
            List<Candidate> mutexes = Implementations.mutexes(options.impls(), redis);
            warmUpJvm(mutexes, settings, progress);
            for (String id : options.scenarios()) {
                results.put(id, scenarioOrFailure(id, redis, mutexes, settings, probe, cluster));
            }
            return new Report(environment, results, Targets.check(results));
        }
    }

    /** One scenario; if it breaks, the report says so and the suite goes on with the next. */
    private ScenarioResult scenarioOrFailure(String id, RedisTarget redis, List<Candidate> mutexes,
            RunSettings settings, RedisProbe probe, ClusterScenarios cluster) throws InterruptedException {
        try {
            return scenario(id, redis, mutexes, settings, probe, cluster);
        } catch (RuntimeException e) {
            progress.accept(id + " failed: " + e);
            return ScenarioResult.failed(id, e.toString());
        }
    }

    private ScenarioResult scenario(String id, RedisTarget redis, List<Candidate> mutexes, RunSettings settings,
            RedisProbe probe, ClusterScenarios cluster) throws InterruptedException {
        switch (id) {
            case "S1":
                return UncontendedScenario.distinctKeys("S1", 1).run(mutexes, settings, probe, progress);
            case "S2":
                return UncontendedScenario.distinctKeys("S2", 16).run(mutexes, settings, probe, progress);
            case "C":
                return new CommandCensus().run(mutexes, redis, probe, progress);
            case "S3":
                return new ContendedScenario("S3", "hot key", 16).run(mutexes, "hasp", settings, probe, progress);
            case "S4":
                return new ContendedScenario("S4", "hot key", 64).run(mutexes, "hasp", settings, probe, progress);
            case "S3-1":
                return new ContendedScenario("S3-1", "hot key, one client", 16, 1)
                        .run(mutexes, "hasp", settings, probe, progress);
            case "S4-1":
                return new ContendedScenario("S4-1", "hot key, one client", 64, 1)
                        .run(mutexes, "hasp", settings, probe, progress);
            case "S5":
                return new ContendedScenario("S5", "fair lock", 16)
                        .run(selected(Implementations.fairLocks(redis)), "hasp-fair", settings, probe, progress);
            case "S6":
                return new RedlockScenario().run(options.selected("hasp"), options.selected("redisson"), settings,
                        progress);
            case "S7":
                return new RegionRedlockScenario().run(options.selected("hasp"), options.selected("redisson"),
                        settings, progress);
            case "P1":
                return new UncontendedScenario("P1", "P1 semaphore uncontended: 1 thread, one client, a semaphore of "
                        + SEMAPHORE_PERMITS + " permits per thread, one permit per cycle", 1, "hasp-semaphore")
                        .inTurns()
                        .run(selected(Implementations.semaphores(redis, SEMAPHORE_PERMITS)), settings, probe, progress);
            case "P2":
                return new ContendedScenario("P2", "semaphore of " + SEMAPHORE_PERMITS + " permits", 16,
                        ContendedScenario.CLIENTS,
                        () -> new PermitCheck(SEMAPHORE_PERMITS), "A section is one permit: acquire 1, a 2 µs spin "
                        + "checked against the permit count, release.")
                        .run(selected(Implementations.semaphores(redis, SEMAPHORE_PERMITS)), "hasp-semaphore",
                                settings, probe, progress);
            case "P3":
                return new ContendedScenario("P3", "read-write lock, " + ReadWriteMix.MIXED.describe(), 16,
                        ContendedScenario.CLIENTS,
                        ReadWriteCheck::new, "A section is a read (a " + ReadWriteMix.MIXED.describe() + " draw per "
                        + "cycle) or a write, checked for a writer beside anyone.")
                        .run(selected(Implementations.readWriteLocks(redis, ReadWriteMix.MIXED)), "hasp-rw",
                                settings, probe, progress);
            case "PC":
                return new CommandCensus(CommandCensus.PRIMITIVES_ID, "acquire+release")
                        .run(selected(Implementations.primitivesCensus(redis, SEMAPHORE_PERMITS)), redis, probe,
                                progress);
            case "S3J":
                return new JvmContendedScenario(16, ContendedScenario.CLIENTS, JvmContendedScenario.MIN_WARMUP)
                        .run(options.impls(), redis, settings, probe, progress);
            case ClusterScenarios.S1:
            case ClusterScenarios.S3:
                return cluster.run(id, settings);
            default:
                throw new IllegalArgumentException("unknown scenario " + id);
        }
    }

    /**
     * Runs every implementation once, unmeasured, before the first scenario: the code they share (Lettuce, Netty)
     * gets compiled then, instead of during the first implementation's measured window.
     */
    static void warmUpJvm(List<Candidate> mutexes, RunSettings settings, Consumer<String> progress)
            throws InterruptedException {
        for (Candidate candidate : mutexes) {
            progress.accept("warming up the JVM with " + candidate.id());
            try (LockClient client = candidate.impl().newClient()) {
                List<PhasedRun.Assignment> assignments = new ArrayList<>();
                for (int t = 0; t < WARMUP_THREADS; t++) {
                    assignments.add(new PhasedRun.Assignment(client, "bench:warmup:" + candidate.id() + ":t" + t));
                }
                PhasedRun run = PhasedRun.start(assignments, null, PhasedRun.Timed.CYCLE);
                Thread.sleep(settings.warmup().toMillis());
                run.endWindow();
                run.join();
            }
        }
    }

    /** The candidates whose family {@code --impls} chose. */
    private List<Candidate> selected(List<Candidate> candidates) {
        List<Candidate> chosen = new ArrayList<>();
        for (Candidate candidate : candidates) {
            if (options.selected(candidate.family())) {
                chosen.add(candidate);
            }
        }
        return chosen;
    }
}
