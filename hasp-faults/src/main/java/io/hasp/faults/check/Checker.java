package io.hasp.faults.check;

import io.hasp.faults.history.History;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a merged history for every kind of {@link ViolationKind violation} and gathers the statistics of the
 * summary table. The lock's checks (overlap, lost update, fence order, stale lease) judge the exclusive leases; the
 * shared ones (readers, permits) are judged by how many held at once. Stateless and thread-safe.
 */
public final class Checker {
    private Checker() {
    }

    /**
     * @param stuckMargin how far past its wait an acquire may complete before it counts as a stuck waiter
     */
    public static CheckResult check(History history, Duration stuckMargin) {
        RunModel model = RunModel.build(history);
        RunModel exclusive = model.exclusiveLeases();
        List<Violation> violations = new ArrayList<>(OverlapCheck.check(exclusive));
        LostUpdateFindings lostUpdates = LostUpdateCheck.check(exclusive);
        violations.addAll(lostUpdates.violations());
        violations.addAll(FenceOrderCheck.check(exclusive));
        StaleLeaseFindings staleLeases = StaleLeaseCheck.check(exclusive);
        violations.addAll(staleLeases.violations());
        violations.addAll(StuckWaiterCheck.check(model, stuckMargin));
        violations.addAll(HoldersCheck.check(model));
        return new CheckResult(RunStats.of(model), violations, lostUpdates, staleLeases, PausedHolderStats.of(model),
                DataLossStats.of(model, staleLeases), RecoveryStats.of(model));
    }
}
