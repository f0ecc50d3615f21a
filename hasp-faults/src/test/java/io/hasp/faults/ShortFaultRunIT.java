package io.hasp.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.faults.check.RunStats;
import io.hasp.faults.worker.LockVariants;
import io.hasp.faults.worker.Topology;
import io.hasp.testkit.Timing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The short fault run of CI: every lock variant on independent servers against every nemesis, alone and mixed, and
 * the replicated variants against their failover faults, with a fixed seed. Prints the summary table. Histories stay
 * in {@code target/fault-runs/short} for anyone chasing a failure.
 */
class ShortFaultRunIT {
    private static final long SEED = 42;
    /** Liveness only: every scenario made progress (a fair lock waits out dead waiters, so some stall for seconds). */
    private static final int MIN_APPLIED_WRITES = 20;
    /**
     * Liveness: no worker goes longer than this without a grant once it had one. Normal runs stay under about 11 s on
     * a loaded machine; a client shut out of the lock (as by a 30 s restart quarantine) exceeds it.
     */
    private static final Duration MAX_DROUGHT = Duration.ofSeconds(20);

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void everyVariantSurvivesEveryNemesisWithoutViolations() throws InterruptedException {
        Path out = Path.of("target", "fault-runs", "short-" + System.currentTimeMillis());

        FaultRun.Report report = FaultRun.run(LockVariants.standalone(), Duration.ZERO, 3, 3, SEED, out);

        System.out.println(report.table());
        assertThat(report.outcomes()).extracting(o -> o.scenario().spec().variant())
                .containsAll(LockVariants.standalone());
        assertEveryScenarioSafeAndLive(report);
    }

    /**
     * Cluster and Sentinel, short: the cluster's lock primary killed with its replica behind (a double grant the fence
     * must refuse, counted apart), its slot moved and a forced failover; the same kill on Sentinel; and a plain primary
     * kill under {@code replicaAcks(1, ...)}, which must cause no double grant at all.
     */
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void clusterAndSentinelSurviveFailoversWithoutViolations() throws InterruptedException {
        Path out = Path.of("target", "fault-runs", "replicated-" + System.currentTimeMillis());
        List<Scenario> scenarios = Stream.of("cluster", "cluster-acks", "sentinel").map(LockVariants::named)
                .map(variant -> Scenarios.quickReplicated(variant, 3, 3, SEED)).toList();

        FaultRun.Report report = FaultRun.runScenarios(scenarios, SEED, out);

        System.out.println(report.table());
        assertEveryScenarioSafeAndLive(report);
        ScenarioRunner.Outcome acks = report.outcomes().get(1);
        assertThat(acks.scenario().solo()).contains("kill-primary");
        assertThat(acks.result().staleLeases().doubleGrantsAfterFailover())
                .as("double grants after a primary kill with replicaAcks(1) (histories in %s)", acks.dir()).isZero();
    }

    private static void assertEveryScenarioSafeAndLive(FaultRun.Report report) {
        for (ScenarioRunner.Outcome outcome : report.outcomes()) {
            String scenario = outcome.scenario().name();
            RunStats stats = outcome.result().stats();
            assertThat(outcome.result().violations()).as("violations in %s (histories in %s)", scenario,
                    outcome.dir()).isEmpty();
            assertThat(stats.faults().keySet()).as("fault kinds injected in %s", scenario)
                    .containsAll(outcome.scenario().solo());
            assertThat(stats.writes().ok()).as("writes applied in %s", scenario)
                    .isGreaterThanOrEqualTo(MIN_APPLIED_WRITES);
            // On replicated Redis a whole (longer) lease may pass on top: a holder frozen across a primary kill keeps
            // the lock the promoted replica has, and a lock whose release timed out stays taken until it expires.
            Duration bound = outcome.scenario().spec().variant().topology() == Topology.STANDALONE ? MAX_DROUGHT
                    : MAX_DROUGHT.plus(outcome.scenario().spec().lease());
            assertThat(Duration.ofMillis(stats.longestDroughtMillis()))
                    .as("longest time %s went without a grant in %s", stats.droughtProcess(), scenario)
                    .isLessThan(Timing.scaled(bound));
        }
    }
}
