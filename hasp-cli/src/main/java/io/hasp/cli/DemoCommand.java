package io.hasp.cli;

import io.hasp.demo.Durations;
import io.hasp.demo.LoadDriver;
import io.hasp.demo.LoadPlan;
import io.hasp.demo.LoadReport;
import io.hasp.demo.LockFlags;
import io.hasp.demo.Printable;
import io.hasp.demo.ServiceOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code hasp demo}: the project's main job. Starts (or uses) a Redis, runs counter service instances as separate
 * processes, drives the same load at them without and with the lock, prints both results side by side, and exits
 * non-zero unless the locked run is exact.
 *
 * <p>Design note (cleanup). Everything started — the Redis child, the instance processes, the log folder — is owned
 * by one {@link Started} object whose {@code close()} is idempotent and runs both on the normal path and from a
 * shutdown hook (Ctrl-C, SIGTERM), so no instance or redis-server outlives the command.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start a Redis and 3 counter service instances, then send the same load twice: without the"
        + " lock (?unsafe=true), where concurrent read-modify-writes lose updates, and with it, where the counter"
        + " is exact.")
final class DemoCommand implements Callable<Integer> {
    /** How long the cluster may take to elect a replica after the kill, on top of what the run itself took. */
    private static final long KILL_TIMEOUT_SECONDS = 60;

    @Option(names = "--redis", paramLabel = "URI", defaultValue = "${env:REDIS_URL}",
            description = "Use this Redis (env REDIS_URL) instead of starting a private redis-server.")
    String redis;

    @Option(names = "--cluster", description = "The lock's Redis is a Redis Cluster, which the demo starts: 3"
            + " primaries with a replica each (the counter on a redis-server of its own); the primary serving the lock"
            + " is killed halfway through the locked run.")
    boolean cluster;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "1000",
            description = "Requests per run; default: ${DEFAULT-VALUE}.")
    int requests;

    @Option(names = "--concurrency", paramLabel = "C", defaultValue = "32",
            description = "Requests in flight at once; default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--instances", paramLabel = "N", defaultValue = "3",
            description = "Service instances (separate processes); default: ${DEFAULT-VALUE}.")
    int instances;

    /** The demo's own default, shorter than the service's (the article's) so that 1,000 locked increments are quick. */
    @Option(names = "--work", paramLabel = "DURATION", defaultValue = "5ms", converter = Durations.Converter.class,
            description = "Simulated work inside the lock; default: ${DEFAULT-VALUE} (the article's "
                    + ServiceOptions.DEFAULT_WORK + " would make the locked run take over 100 s for 1,000 requests).")
    Duration work;

    @Mixin
    LockFlags lock;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        checkRange("--requests", requests, 1, 1_000_000);
        checkRange("--concurrency", concurrency, 1, 1_000);
        checkRange("--instances", instances, 1, 16);
        // The instances' flags fail here, in the user's terms, before a Redis or an instance is started for nothing.
        ServiceOptions.checkWork(work);
        lock.check();
        if (redis != null && !redis.isBlank()) {
            if (cluster) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--cluster starts a cluster of its own;"
                        + " it cannot be combined with --redis (or REDIS_URL)");
            }
            ServiceOptions.redisUris("--redis", redis);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("hasp demo: %d instances, %,d requests per run at concurrency %d, %s of work per increment%n",
                instances, requests, concurrency, Durations.format(work));
        Duration articleWork = Durations.parse(ServiceOptions.DEFAULT_WORK);
        if (work.compareTo(articleWork) < 0) {
            out.printf("  (the article works %s per increment; %,d serialized increments would take %d s, so the demo"
                    + " uses --work %s)%n", ServiceOptions.DEFAULT_WORK, requests,
                    articleWork.multipliedBy(requests).toSeconds(), Durations.format(work));
        }
        out.flush();
        Started started = new Started();
        Thread hook = new Thread(started::close, "hasp-demo-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run(started, out);
        } finally {
            started.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook has run or will, and close() is idempotent
            }
        }
    }

    private int run(Started started, PrintWriter out) throws IOException, InterruptedException {
        List<String> serviceArgs = new ArrayList<>(List.of("--work", Durations.format(work), "--lock-wait",
                Durations.format(lock.lockWait()), "--lease", Durations.format(lock.lease())));
        String lockUri;
        if (cluster) {
            started.cluster = DemoCluster.start();
            out.println("redis:     " + started.cluster.description());
            serviceArgs.addAll(List.of("--cluster", "--store", started.cluster.storeUri()));
            lockUri = started.cluster.seeds();
        } else {
            started.redis = RedisTarget.givenOrEmbedded(redis);
            out.println("redis:     " + started.redis.description());
            lockUri = started.redis.uri();
        }
        started.logs = Files.createTempDirectory("hasp-demo-");
        for (int i = 0; i < instances; i++) {
            started.instances.add(InstanceProcess.launch(Character.toString('a' + i), serviceArgs, lockUri,
                    started.logs));
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<URI> uris = new ArrayList<>();
        for (InstanceProcess instance : started.instances) {
            instance.awaitReady(http);
            uris.add(instance.uri());
        }
        out.println("instances: " + String.join("  ", started.instances.stream()
                .map(i -> i.name() + " " + i.uri()).toList()) + "  (logs in " + Printable.text(started.logs) + ")");
        out.println();

        LoadDriver driver = new LoadDriver();
        boolean terminal = System.console() != null;
        ProgressBar unsafeProgress = new ProgressBar(out, "run 1/2  without the lock (?unsafe=true)  ", terminal);
        LoadReport unsafe = drive(driver, LoadPlan.of(uris, requests, concurrency, true), unsafeProgress,
                unsafeProgress);
        ProgressBar lockedProgress = new ProgressBar(out, cluster ? "run 2/2  with the lock, a primary killed  "
                : "run 2/2  with the lock                    ", terminal);
        KillHalfway killer = cluster ? new KillHalfway(lockedProgress, started.cluster) : null;
        long lockedStart = System.nanoTime();
        LoadReport locked = drive(driver, LoadPlan.of(uris, requests, concurrency, false),
                killer != null ? killer : lockedProgress, lockedProgress);
        if (killer != null) {
            out.println("failover: " + killer.await(KILL_TIMEOUT_SECONDS).describe(lockedStart));
        }
        out.println();
        out.print(ReportTable.render(List.of("without lock", "with lock"), List.of(unsafe, locked)));
        out.println();
        printErrors("without lock", unsafe, out);
        printErrors("with lock", locked, out);
        if (unsafe.lostUpdates() > 0) {
            out.printf("without the lock: %,d of %,d updates were lost: requests read the same value and overwrote"
                    + " each other.%n", unsafe.lostUpdates(), unsafe.successes());
        } else {
            out.println("without the lock: no update was lost this time (try more --concurrency or a longer --work).");
        }
        if (cluster) {
            return judgeAcrossFailover(locked, started, out);
        }
        if (locked.exact()) {
            out.printf("with the lock: exact. %,d increments, %,d distinct values, counter advanced by %,d.%n",
                    locked.successes(), locked.distinctValues(), locked.counterAdvance());
            started.keepLogs = false;
            return 0;
        }
        out.printf("with the lock: NOT exact (%,d errors, %,d lost updates, %,d duplicate values); instance logs"
                + " kept in %s%n", locked.errors(), locked.lostUpdates(), locked.duplicateValues(),
                Printable.text(started.logs));
        return HaspCli.FAILED;
    }

    private static LoadReport drive(LoadDriver driver, LoadPlan plan, LoadDriver.Progress progress, ProgressBar bar)
            throws IOException, InterruptedException {
        LoadReport report = driver.run(plan, progress);
        bar.finish(String.format("done in %.1f s", report.elapsed().toMillis() / 1000.0));
        return report;
    }

    /**
     * The locked run with a primary killed in its middle: requests that met the failover may fail (the lock's Redis
     * did not answer, or the store refused a holder whose lock was lost), but every increment that succeeded must be
     * in the counter exactly once.
     */
    private static int judgeAcrossFailover(LoadReport locked, Started started, PrintWriter out) {
        if (locked.successes() > 0 && locked.lostUpdates() == 0 && locked.duplicateValues() == 0) {
            out.printf("with the lock: exact across the failover. %,d increments, %,d distinct values, counter"
                    + " advanced by %,d; %s.%n", locked.successes(), locked.distinctValues(), locked.counterAdvance(),
                    locked.errors() == 0 ? "no request failed (those that met the failover waited it out)"
                    : String.format("%,d requests that met the failover failed and changed nothing",
                            locked.errors()));
            started.keepLogs = false;
            return 0;
        }
        out.printf("with the lock: NOT exact across the failover (%,d successes, %,d lost updates, %,d duplicate"
                + " values); instance logs kept in %s%n", locked.successes(), locked.lostUpdates(),
                locked.duplicateValues(), Printable.text(started.logs));
        return HaspCli.FAILED;
    }

    private static void printErrors(String run, LoadReport report, PrintWriter out) {
        for (Map.Entry<String, Integer> kind : report.errorsByKind().entrySet()) {
            out.printf("%s: %,d x %s%n", run, kind.getValue(), Printable.text(kind.getKey()));
        }
    }

    private void checkRange(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    option + " must be from " + min + " to " + max + ", got " + value);
        }
    }

    /** What the demo started, stopped in reverse order; safe to close twice and from two threads. */
    private static final class Started implements AutoCloseable {
        final List<InstanceProcess> instances = new ArrayList<>();
        volatile RedisTarget redis;
        volatile DemoCluster cluster;
        volatile Path logs;
        volatile boolean keepLogs = true;
        private boolean closed;

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            instances.parallelStream().forEach(InstanceProcess::stop);
            if (redis != null) {
                redis.close();
            }
            if (cluster != null) {
                cluster.close();
            }
            if (logs != null && !keepLogs) {
                deleteQuietly(logs);
            }
        }

        private static void deleteQuietly(Path dir) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a leftover temp folder is harmless
            }
        }
    }
}
