package io.hasp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the whole default suite with tiny windows against a testkit Redis: every scenario, every implementation. It
 * checks that the harness works and that every lock kept mutual exclusion, not how fast anything is.
 */
class BenchSmokeIT {
    private static final List<String> MUTEXES = List.of("hasp", "redisson", "spring", "raw");

    @Test
    void everyScenarioMeasuresEveryImplementationWithMutualExclusionIntact() throws InterruptedException {
        BenchOptions options = BenchOptions.parse("--duration", "300ms", "--warmup", "100ms", "--reps", "1");

        Report report = new Suite(options, step -> { }).run();

        assertThat(report.problems()).isEmpty();
        assertThat(report.results().keySet()).containsExactlyElementsOf(BenchOptions.DEFAULT_SCENARIOS);
        for (String id : List.of("S1", "S2", "S3", "S4")) {
            ScenarioResult result = report.results().get(id);
            assertThat(ids(result)).as(id).containsExactlyElementsOf(MUTEXES);
            for (Row row : result.rows()) {
                // Cycles in all phases: on a loaded machine a cold client may finish none inside a 300 ms window.
                assertThat(row.number("cyclesRun")).as(id + " " + row.id()).isPositive();
                assertThat(row.number("throughput")).as(id + " " + row.id()).isNotNegative();
            }

            result.rows().forEach(row -> assertThat(row.values()).as(id + " " + row.id())
                    .containsKey(ScenarioResult.RATIO_KEY));
        }
        for (String id : List.of("S1", "S2")) { // measured in turns: each ratio is paired round by round
            report.results().get(id).rows().forEach(row -> assertThat(row.values()).as(id + " " + row.id())
                    .containsKeys(UncontendedScenario.PAIRS_KEY, UncontendedScenario.RATIO_SPREAD_KEY));
        }
        if (Files.isDirectory(Path.of("/proc/self/task"))) { // Linux, with the testkit's Redis on this host
            for (String id : List.of("S1", "S2")) {
                for (Row row : report.results().get(id).rows()) {
                    if (row.number("throughput") > 0) { // a count per cycle needs a cycle in the window
                        assertThat(row.number("clientWakeUps")).as(id + " " + row.id()).isPositive();
                        assertThat(row.number("redisWakeUps")).as(id + " " + row.id()).isPositive();
                    }
                }
            }
        }
        for (String hot : List.of("S3", "S4")) {
            report.results().get(hot).rows().forEach(row ->
                    assertThat(row.value("exclusion")).as(hot + " " + row.id()).isEqualTo("held"));
        }

        ScenarioResult census = report.results().get("C");
        assertThat(ids(census)).containsExactlyElementsOf(MUTEXES);
        assertThat(census.row("hasp").orElseThrow().number("sentPerCycle")).isEqualTo(2.0);
        assertThat(census.row("raw").orElseThrow().value("sent")).isEqualTo("evalsha 1, set 1");

        ScenarioResult fair = report.results().get("S5");
        assertThat(ids(fair)).containsExactly("hasp-fair", "redisson-fair");
        for (Row row : fair.rows()) {
            assertThat(row.number("cyclesRun")).as("S5 " + row.id()).isPositive();
            assertThat(row.value("exclusion")).as("S5 " + row.id()).isEqualTo("held");
        }

        ScenarioResult redlock = report.results().get("S6");
        assertThat(ids(redlock)).containsExactly("hasp-1-node", "hasp-redlock-3", "redisson-redlock-3",
                "hasp-redlock-5", "redisson-redlock-5");
        for (Row row : redlock.rows()) {
            assertThat(row.number("cyclesRun")).as("S6 " + row.id()).isPositive();
        }

        String text = TextReport.render(report);
        String json = Json.write(report.toJsonTree());
        for (ScenarioResult result : report.results().values()) {
            for (Row row : result.rows()) {
                assertThat(text).contains("| " + row.label() + " ");
                assertThat(json).contains("\"impl\": \"" + row.id() + "\"");
            }
        }
        assertThat(report.targets()).hasSize(14).allSatisfy(t -> assertThat(t.status()).isNotNull());
        assertThat(report.environment().facts()).containsKeys("cores", "redis", "loadAverage");
    }

    @Test
    void theClusterScenariosMeasureEveryClusterClientWithMutualExclusionIntact() throws InterruptedException {
        BenchOptions options = BenchOptions.parse("--scenarios", "S1C,S3C", "--impls", "hasp,redisson,spring,raw",
                "--duration", "300ms", "--warmup", "100ms", "--reps", "1");

        Report report = new Suite(options, step -> { }).run();

        assertThat(report.problems()).isEmpty();
        assertThat(report.results().keySet()).containsExactly("S1C", "S3C");
        for (ScenarioResult result : report.results().values()) {
            assertThat(ids(result)).as(result.id()).containsExactly("hasp", "hasp-acks", "redisson", "spring");
            result.rows().forEach(row -> assertThat(row.number("cyclesRun")).as(result.id() + " " + row.id())
                    .isPositive());
            assertThat(String.join(" ", result.notes())).contains("Not run on the cluster: raw.");
        }
        report.results().get("S3C").rows().forEach(row ->
                assertThat(row.value("exclusion")).as("S3C " + row.id()).isEqualTo("held"));
        assertThat(report.targets()).filteredOn(t -> t.issues().equals("14")).hasSize(2)
                .allSatisfy(t -> assertThat(t.status()).isEqualTo(Target.Status.NOT_RUN));
    }

    @Test
    void theExclusionCheckCatchesALockThatDoesNotExclude() throws InterruptedException {
        try (RedisServer server = RedisServer.start();
                RedisProbe probe = new RedisProbe(RedisTarget.parse(server.uri()))) {
            ContendedScenario scenario = new ContendedScenario("S3", "hot key", 16);
            RunSettings settings = new RunSettings(Duration.ofMillis(100), Duration.ofMillis(300), 1);

            ScenarioResult result = scenario.run(List.of(Candidate.of(new NoLock())), "none", settings, probe,
                    step -> { });

            Row row = result.row("none").orElseThrow();
            assertThat(row.value("exclusion")).isEqualTo("VIOLATED");
            assertThat(row.problems()).anySatisfy(p -> assertThat(p).startsWith("mutual exclusion violated"));
        }
    }

    @Test
    void thePrimitivesScenariosMeasureHaspAndRedissonWithTheirRefereesSatisfied() throws InterruptedException {
        BenchOptions options = BenchOptions.parse("--scenarios", "P1,P2,P3,PC", "--impls", "hasp,redisson",
                "--duration", "300ms", "--warmup", "100ms", "--reps", "1");

        Report report = new Suite(options, step -> { }).run();

        assertThat(report.problems()).isEmpty();
        assertThat(report.results().keySet()).containsExactly("P1", "P2", "P3", "PC");
        for (String id : List.of("P1", "P2")) {
            assertThat(ids(report.results().get(id))).as(id)
                    .containsExactly("hasp-semaphore", "redisson-semaphore", "redisson-expirable");
        }
        assertThat(ids(report.results().get("P3"))).containsExactly("hasp-rw", "redisson-rw");
        for (String id : List.of("P1", "P2", "P3")) {
            for (Row row : report.results().get(id).rows()) {
                assertThat(row.number("cyclesRun")).as(id + " " + row.id()).isPositive();
                if (!id.equals("P1")) {
                    assertThat(row.value("exclusion")).as(id + " " + row.id()).isEqualTo("held");
                }
            }
        }
        ScenarioResult census = report.results().get("PC");
        assertThat(ids(census)).containsExactly("hasp-semaphore", "redisson-semaphore", "redisson-expirable",
                "hasp-read", "redisson-read", "hasp-write", "redisson-write");
        for (String hasp : List.of("hasp-semaphore", "hasp-read", "hasp-write")) {
            assertThat(census.row(hasp).orElseThrow().number("sentPerCycle")).as(hasp).isEqualTo(2.0);
        }
        assertThat(report.targets()).anySatisfy(t -> assertThat(t.text()).startsWith("P2 semaphore"));
    }

    @Test
    void thePermitAndReadWriteRefereesCatchALockThatDoesNotExclude() throws InterruptedException {
        try (RedisServer server = RedisServer.start();
                RedisProbe probe = new RedisProbe(RedisTarget.parse(server.uri()))) {
            RunSettings settings = new RunSettings(Duration.ofMillis(100), Duration.ofMillis(300), 1);
            List<ContendedScenario> scenarios = List.of(
                    new ContendedScenario("P2", "semaphore", 16, ContendedScenario.CLIENTS, () -> new PermitCheck(4),
                            "permits"),
                    new ContendedScenario("P3", "read-write lock", 16, ContendedScenario.CLIENTS, ReadWriteCheck::new,
                            "writes"));

            for (ContendedScenario scenario : scenarios) {
                Row row = scenario.run(List.of(Candidate.of(new NoLock())), "none", settings, probe, step -> { })
                        .row("none").orElseThrow();
                assertThat(row.value("exclusion")).isEqualTo("VIOLATED");
            }
        }
    }

    @Test
    void theSeparateJvmVariantRunsWorkerJvmsAndChecksExclusionAcrossThem() throws InterruptedException {
        try (RedisServer server = RedisServer.start()) {
            RedisTarget redis = RedisTarget.parse(server.uri());
            RunSettings settings = new RunSettings(Duration.ofMillis(500), Duration.ofSeconds(1), 1);
            // Two worker JVMs instead of the suite's four keep the test short on two cores; the protocol is the same.
            JvmContendedScenario scenario = new JvmContendedScenario(4, 2, Duration.ofSeconds(1));

            ScenarioResult result;
            try (RedisProbe probe = new RedisProbe(redis)) {
                result = scenario.run(List.of("hasp"), redis, settings, probe, step -> { });
            }

            Row hasp = result.row("hasp").orElseThrow();
            assertThat(hasp.problems()).isEmpty();
            assertThat(hasp.number("cyclesRun")).isPositive();
            assertThat(hasp.value("exclusion")).isEqualTo("held");
        }
    }

    private static List<String> ids(ScenarioResult result) {
        return result.rows().stream().map(Row::id).toList();
    }

    /** A deliberately broken lock: every caller "holds" it at once. */
    private static final class NoLock implements LockImpl {
        @Override
        public String id() {
            return "none";
        }

        @Override
        public String label() {
            return "no lock at all";
        }

        @Override
        public LockClient newClient() {
            return new LockClient() {
                @Override
                public Held lock(String key) {
                    return () -> { };
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
