package io.hasp.faults.check;

import io.hasp.faults.history.History;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a merged history for the five kinds of {@link ViolationKind violation} and gathers the statistics of the
 * summary table. Stateless and thread-safe.
 */
public final class Checker {
    private Checker() {
    }

    /**
     * @param stuckMargin how far past its wait an acquire may complete before it counts as a stuck waiter
     */
    public static CheckResult check(History history, Duration stuckMargin) {
        RunModel model = RunModel.build(history);
        List<Violation> violations = new ArrayList<>(OverlapCheck.check(model));
        LostUpdateFindings lostUpdates = LostUpdateCheck.check(model);
        violations.addAll(lostUpdates.violations());
        violations.addAll(FenceOrderCheck.check(model));
        StaleLeaseFindings staleLeases = StaleLeaseCheck.check(model);
        violations.addAll(staleLeases.violations());
        violations.addAll(StuckWaiterCheck.check(model, stuckMargin));
        return new CheckResult(RunStats.of(model), violations, lostUpdates, staleLeases, PausedHolderStats.of(model),
                DataLossStats.of(model, staleLeases), RecoveryStats.of(model));
    }
}
