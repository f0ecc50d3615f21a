package io.hasp.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.faults.check.RunStats;
import io.hasp.faults.worker.LockVariants;
import io.hasp.testkit.Timing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The short fault run of CI: every lock variant in this build against every nemesis, alone and mixed, with a fixed
 * seed. Prints the summary table. Histories stay in {@code target/fault-runs/short} for anyone chasing a failure.
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

        FaultRun.Report report = FaultRun.run(LockVariants.all(), Duration.ZERO, 3, 3, SEED, out);

        System.out.println(report.table());
        assertThat(report.outcomes()).extracting(o -> o.scenario().spec().variant())
                .containsAll(LockVariants.all());
        for (ScenarioRunner.Outcome outcome : report.outcomes()) {
            String scenario = outcome.scenario().name();
            RunStats stats = outcome.result().stats();
            assertThat(outcome.result().violations()).as("violations in %s (histories in %s)", scenario,
                    outcome.dir()).isEmpty();
            assertThat(stats.faults().keySet()).as("fault kinds injected in %s", scenario)
                    .containsAll(outcome.scenario().solo());
            assertThat(stats.writes().ok()).as("writes applied in %s", scenario)
                    .isGreaterThanOrEqualTo(MIN_APPLIED_WRITES);
            assertThat(Duration.ofMillis(stats.longestDroughtMillis()))
                    .as("longest time %s went without a grant in %s", stats.droughtProcess(), scenario)
                    .isLessThan(Timing.scaled(MAX_DROUGHT));
        }
    }
}
