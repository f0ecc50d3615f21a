package io.hasp.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.faults.check.CheckResult;
import io.hasp.faults.check.ViolationKind;
import io.hasp.faults.worker.BrokenMode;
import io.hasp.faults.worker.LockVariants;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The checker can fail: workers with a deliberate bug, faced with holders frozen past their lease, are caught. The
 * bugs are in the workload, not in Hasp (plain DEL release; no fence at the resource), so a pass here says the
 * checker sees what such bugs do.
 */
class BrokenVariantIT {
    private static final long SEED = 7;
    private static final int PAUSES = 3;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aReleaseWithoutTheTokenCheckIsCaughtAsStaleLeases() throws InterruptedException {
        CheckResult result = run(BrokenMode.RELEASE_DEL);

        assertThat(result.valid()).isFalse();
        // A holder whose lease ran out deletes the next holder's lock: that holder goes on claiming a lock it lost.
        assertThat(result.count(ViolationKind.STALE_LEASE)).isPositive();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void writesWithoutTheFenceAreCaughtAsLostUpdatesAndTokenDisorder() throws InterruptedException {
        CheckResult result = run(BrokenMode.NO_FENCE);

        assertThat(result.valid()).isFalse();
        // The frozen holder wakes up and writes its stale value over newer ones.
        assertThat(result.count(ViolationKind.LOST_UPDATE)).isPositive();
        assertThat(result.count(ViolationKind.FENCE_ORDER)).isPositive();
        assertThat(result.count(ViolationKind.OVERLAP)).isPositive();
    }

    private static CheckResult run(BrokenMode broken) throws InterruptedException {
        Scenario scenario = Scenarios.broken(LockVariants.named("single"), broken, PAUSES, SEED);
        Path out = Path.of("target", "fault-runs", "broken-" + System.currentTimeMillis());
        FaultRun.Report report = FaultRun.runScenarios(List.of(scenario), SEED, out);
        System.out.println(report.table());
        return report.outcomes().get(0).result();
    }
}
