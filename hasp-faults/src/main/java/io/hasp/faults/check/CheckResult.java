package io.hasp.faults.check;

import java.util.List;
import java.util.Map;

/**
 * Everything the checker found in one run. Immutable.
 *
 * @param stats what happened
 * @param violations every violation, all kinds
 * @param lostUpdates the counter chain (check 2)
 * @param staleLeases check 4, with double grants blamed on data loss
 * @param pausedHolders what happened to holders frozen by the pause-holder nemesis
 * @param dataLoss what restarts without persistence cost
 * @param recovery time to recover per fault kind
 */
public record CheckResult(RunStats stats, List<Violation> violations, LostUpdateFindings lostUpdates,
        StaleLeaseFindings staleLeases, PausedHolderStats pausedHolders, DataLossStats dataLoss,
        Map<String, RecoveryStats> recovery) {

    public CheckResult {
        violations = List.copyOf(violations);
        recovery = Map.copyOf(recovery);
    }

    public long count(ViolationKind kind) {
        return violations.stream().filter(v -> v.kind() == kind).count();
    }

    /** True when no violation of any kind was found. */
    public boolean valid() {
        return violations.isEmpty();
    }
}
