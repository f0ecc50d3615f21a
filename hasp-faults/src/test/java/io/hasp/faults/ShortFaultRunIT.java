package io.hasp.faults;

import static io.hasp.faults.LivenessAndSafety.assertEveryScenarioSafeAndLive;
import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.faults.worker.LockVariants;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The short fault run of CI: every lock variant on independent servers against every nemesis, alone and mixed, with
 * a fixed seed. Prints the summary table. Histories stay in {@code target/fault-runs} for anyone chasing a failure.
 * The replicated variants (Cluster, Sentinel) run in {@link FailoverFaultRunIT}, a class of its own so that the
 * build can run it in its other test JVM meanwhile.
 */
class ShortFaultRunIT {
    private static final long SEED = 42;

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
}
