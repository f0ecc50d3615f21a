package io.hasp.faults;

import io.hasp.faults.check.CheckResult;
import io.hasp.faults.check.Checker;
import io.hasp.faults.history.HistoryReader;
import io.hasp.faults.nemesis.Deployment;
import io.hasp.faults.nemesis.DeploymentSpec;
import io.hasp.faults.nemesis.Nemeses;
import io.hasp.faults.nemesis.NemesisScheduler;
import io.hasp.testkit.Timing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs one {@link Scenario}: deploys it, starts the workers, lets the nemesis scheduler loose, stops everything,
 * and checks the histories. Stateless.
 */
public final class ScenarioRunner {
    /** Quiet time at the end, so the last fault's recovery can be seen. */
    private static final Duration TAIL = Duration.ofMillis(2_500);
    private static final Duration MAX_MIXED_GAP = Duration.ofMillis(900);

    private ScenarioRunner() {
    }

    /** The outcome of one scenario. */
    public record Outcome(Scenario scenario, CheckResult result, Duration elapsed, Path dir) {
    }

    /**
     * @param dir an empty directory for the scenario's histories and worker logs
     */
    public static Outcome run(Scenario scenario, Path dir, long seed) throws InterruptedException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir, e);
        }
        long started = System.nanoTime();
        DeploymentSpec spec = scenario.spec();
        try (Deployment deployment = Deployment.start(spec, dir)) {
            deployment.startWorkers();
            NemesisScheduler scheduler = new NemesisScheduler(deployment, seed);
            do {
                scheduler.solo(Nemeses.of(scenario.solo()), scenario.gap());
                if (!scenario.mixed().isEmpty()) {
                    Thread.sleep(scenario.gap().toMillis());
                    scheduler.mixed(Nemeses.of(scenario.mixed()), scenario.mixedLength(), MAX_MIXED_GAP);
                }
            } while (System.nanoTime() - started < scenario.budget().toNanos());
            Thread.sleep(TAIL.toMillis());
            deployment.stopWorkers(stopTimeout(spec));
            deployment.logFinalState();
        }
        CheckResult result = Checker.check(HistoryReader.readDir(dir), stuckMargin(spec));
        return new Outcome(scenario, result, Duration.ofNanos(System.nanoTime() - started), dir);
    }

    /**
     * How far past its wait an acquire may complete: its last attempt's command timeout, plus time for a loaded
     * two-core machine running several JVMs to schedule the thread, scaled by the test timing factor.
     */
    static Duration stuckMargin(DeploymentSpec spec) {
        return spec.commandTimeout().plus(Timing.scaled(Duration.ofMillis(2_500)));
    }

    /** Longer than any acquire may take (wait + margin), so a worker killed at stop proves a stuck waiter. */
    private static Duration stopTimeout(DeploymentSpec spec) {
        return spec.acquireWait().plus(stuckMargin(spec)).plus(Timing.scaled(Duration.ofSeconds(3)));
    }
}
