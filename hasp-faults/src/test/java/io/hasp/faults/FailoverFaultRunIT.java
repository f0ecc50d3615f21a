package io.hasp.faults;

import static io.hasp.faults.LivenessAndSafety.assertEveryScenarioSafeAndLive;
import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.faults.worker.LockVariants;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The short fault run of the replicated variants, with a fixed seed: the cluster's lock primary killed with its
 * replica behind (a double grant the fence must refuse, counted apart), its slot moved and a forced failover; the
 * same kill on Sentinel; and a plain primary kill under {@code replicaAcks(1, ...)}, which must cause no double grant
 * at all. Prints the summary table; histories stay in {@code target/fault-runs}.
 */
class FailoverFaultRunIT {
    private static final long SEED = 42;

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
}
