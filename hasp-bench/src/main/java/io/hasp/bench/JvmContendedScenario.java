package io.hasp.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * S3J: S3 with each of the clients in a JVM of its own (4 in the suite), so waiters really are separate processes.
 * The parent starts the worker JVMs, steps them through warm-up, window and stop over their standard input, and adds
 * up their reports; mutual exclusion is checked through a memory-mapped counter they all share
 * ({@link SharedExclusionCheck}).
 */
final class JvmContendedScenario {
    static final String ID = "S3J";
    /** Fresh worker JVMs compile everything from scratch: they warm up at least this long. */
    static final Duration MIN_WARMUP = Duration.ofSeconds(8);
    private static final Duration START_LIMIT = Duration.ofSeconds(60);
    private static final Duration DRAIN_LIMIT = LockImpl.WAIT_LIMIT.plusSeconds(30);

    private final int waiters;
    private final int jvms;
    private final Duration minWarmup;

    /** {@code waiters} spread evenly over {@code jvms} worker JVMs, warmed up at least {@code minWarmup}. */
    JvmContendedScenario(int waiters, int jvms, Duration minWarmup) {
        if (waiters % jvms != 0) {
            throw new IllegalArgumentException(waiters + " waiters do not spread evenly over " + jvms + " JVMs");
        }
        this.waiters = waiters;
        this.jvms = jvms;
        this.minWarmup = minWarmup;
    }

    ScenarioResult run(List<String> implIds, RedisTarget redis, RunSettings settings, RedisProbe probe,
            Consumer<String> progress) throws InterruptedException {
        ScenarioResult result = new ScenarioResult(ID, ID + " hot key across JVMs: " + waiters + " waiters in "
                + jvms + " worker JVMs (one client each)", "throughput", "hasp", ContendedScenario.columns());
        Map<String, Aggregate> aggregates = new LinkedHashMap<>();
        Map<String, List<String>> violations = new LinkedHashMap<>();
        List<Candidate> candidates = Implementations.mutexes(implIds, redis);
        for (int rep = 1; rep <= settings.repetitions(); rep++) {
            for (Candidate candidate : Candidate.runOrder(candidates, rep)) {
                progress.accept(ID + " " + candidate.id() + " repetition " + rep + "/" + settings.repetitions());
                List<String> broken = violations.computeIfAbsent(candidate.id(), k -> new ArrayList<>());
                aggregates.computeIfAbsent(candidate.id(), k -> new Aggregate())
                        .add(measure(candidate.id(), redis, rep, settings, probe, broken));
            }
        }
        for (Candidate candidate : candidates) {
            result.add(ContendedScenario.row(candidate, aggregates.get(candidate.id()),
                    violations.get(candidate.id())));
        }
        result.computeRatios();
        result.note("As S3, but every client lives in its own JVM; client CPU is the sum over the worker JVMs.");
        return result;
    }

    private Measurement measure(String implId, RedisTarget redis, int rep, RunSettings settings, RedisProbe probe,
            List<String> violations) throws InterruptedException {
        Path file = tempFile();
        List<WorkerProcess> workers = new ArrayList<>();
        try (SharedExclusionCheck shared = SharedExclusionCheck.map(file)) {
            String key = "bench:" + ID + ":" + implId + ":r" + rep;
            for (int j = 0; j < jvms; j++) {
                workers.add(WorkerProcess.start(List.of(implId, redis.uri(), key,
                        Integer.toString(waiters / jvms), file.toString())));
            }
            for (WorkerProcess worker : workers) {
                expect(worker.next(START_LIMIT), JvmWorker.READY);
            }
            workers.forEach(w -> w.send("GO"));
            Thread.sleep(warmup(settings).toMillis());
            RedisProbe.Snapshot before = probe.snapshot();
            workers.forEach(w -> w.send("MEASURE"));
            Thread.sleep(settings.window().toMillis());
            RedisProbe.Snapshot after = probe.snapshot();
            workers.forEach(w -> w.send("STOP"));
            List<WorkerReport> reports = new ArrayList<>();
            for (WorkerProcess worker : workers) {
                reports.add(WorkerReport.decode(worker.next(DRAIN_LIMIT)));
            }
            long sections = reports.stream().mapToLong(WorkerReport::sections).sum();
            if (shared.overlaps() != 0 || shared.counter() != sections) {
                violations.add("repetition " + rep + ": " + shared.overlaps() + " overlaps, counter "
                        + shared.counter() + " after " + sections + " sections");
            }
            return combine(reports, before, after);
        } finally {
            workers.forEach(WorkerProcess::close);
            deleteQuietly(file);
        }
    }

    /** Twice the usual warm-up, and at least the minimum: the worker JVMs start cold. */
    private Duration warmup(RunSettings settings) {
        Duration twice = settings.warmup().multipliedBy(2);
        return twice.compareTo(minWarmup) < 0 ? minWarmup : twice;
    }

    private static Measurement combine(List<WorkerReport> reports, RedisProbe.Snapshot before,
            RedisProbe.Snapshot after) {
        Histogram waits = new Histogram(3);
        long measured = 0;
        long errors = 0;
        long cpu = 0;
        long fewest = Long.MAX_VALUE;
        String firstError = null;
        for (WorkerReport report : reports) {
            waits.add(report.waits());
            measured += report.measured();
            errors += report.errors();
            cpu += report.cpuNanos();
            fewest = Math.min(fewest, report.fewest());
            if (firstError == null && !report.firstError().isEmpty()) {
                firstError = report.firstError();
            }
        }
        long run = reports.stream().mapToLong(WorkerReport::sections).sum();
        return new Measurement(measured, run, (after.nanoTime() - before.nanoTime()) / 1e9, waits,
                after.commands().minus(before.commands()), after.serverCpuNanos() - before.serverCpuNanos(), cpu,
                errors, firstError, fewest, WakeUps.UNKNOWN, // the workers' JVMs are not counted
                WakeUps.between(before.serverWakeUps(), after.serverWakeUps()), List.of());
    }

    private static void expect(String line, String expected) {
        if (!expected.equals(line)) {
            throw new IllegalStateException("worker JVM said '" + line + "', expected " + expected);
        }
    }

    private static Path tempFile() {
        try {
            return Files.createTempFile("hasp-bench-exclusion", ".bin");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the shared exclusion file", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover temp file of 64 bytes is not worth failing the run for
        }
    }
}
