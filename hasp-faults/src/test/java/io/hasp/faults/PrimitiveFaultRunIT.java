package io.hasp.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.faults.check.RunStats;
import io.hasp.faults.check.ViolationKind;
import io.hasp.faults.worker.LockVariant;
import io.hasp.faults.worker.LockVariants;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The short fault run of the other primitives (issue 16): the semaphore, read-write lock and leader workloads, each
 * against the holder and server nemeses of {@link PrimitiveScenarios}, with a fixed seed. No violation of any kind,
 * holders counted by check 6, and every workload made progress. Prints the summary table.
 */
class PrimitiveFaultRunIT {
    private static final long SEED = 42;
    private static final int MIN_GRANTS = 20;

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void semaphoreReadWriteLockAndLeaderSurviveTheNemesesWithoutViolations() throws InterruptedException {
        Path out = Path.of("target", "fault-runs", "primitives-" + System.currentTimeMillis());
        List<LockVariant> primitives = LockVariants.primitives();

        FaultRun.Report report = FaultRun.runScenarios(primitives.stream()
                .map(v -> PrimitiveScenarios.shortRun(v, 3, 3, SEED)).toList(), SEED, out);

        System.out.println(report.table());
        assertThat(report.outcomes()).hasSize(primitives.size());
        for (ScenarioRunner.Outcome outcome : report.outcomes()) {
            String scenario = outcome.scenario().name();
            RunStats stats = outcome.result().stats();
            assertThat(outcome.result().violations()).as("violations in %s (histories in %s)", scenario,
                    outcome.dir()).isEmpty();
            assertThat(outcome.result().count(ViolationKind.TOO_MANY_HOLDERS)).isZero();
            assertThat(stats.faults().keySet()).as("fault kinds injected in %s", scenario)
                    .containsAll(outcome.scenario().solo());
            assertThat(stats.acquires().ok()).as("grants in %s", scenario).isGreaterThanOrEqualTo(MIN_GRANTS);
        }
    }
}
