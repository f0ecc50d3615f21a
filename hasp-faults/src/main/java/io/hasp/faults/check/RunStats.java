package io.hasp.faults.check;

import io.hasp.faults.history.Op;
import io.hasp.faults.history.Type;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of what happened in a run, for the summary table. Immutable.
 *
 * @param workerProcesses worker processes started (each restart after a kill is another)
 * @param operations worker operations invoked (acquire, read, write, release)
 * @param acquires acquire outcomes: ok, fail (timed out), info (error)
 * @param reads fenced read outcomes: ok, fail (rejected: an older token), info
 * @param writes fenced write outcomes: ok (applied), fail (rejected by the fence), info
 * @param releases release outcomes: ok, fail (no longer ours), info
 * @param leasesReportedLost leases whose {@code lost()} signal fired
 * @param faults injected faults per kind
 * @param tornLines history lines cut short by a kill
 */
public record RunStats(int workerProcesses, int operations, Outcomes acquires, Outcomes reads, Outcomes writes,
        Outcomes releases, int leasesReportedLost, Map<String, Integer> faults, int tornLines) {

    /** How many operations of one kind completed ok, fail and info (info includes never completed). */
    public record Outcomes(int ok, int fail, int info) {
        public int total() {
            return ok + fail + info;
        }
    }

    public int faultsInjected() {
        return faults.values().stream().mapToInt(Integer::intValue).sum();
    }

    static RunStats of(RunModel model) {
        int[][] counts = new int[Op.values().length][3];
        for (Operation op : model.operations()) {
            Type outcome = op.outcome();
            counts[op.op().ordinal()][outcome == Type.OK ? 0 : outcome == Type.FAIL ? 1 : 2]++;
        }
        int lost = (int) model.leases().stream().filter(l -> l.lostAt() >= 0).count();
        Map<String, Integer> faults = new TreeMap<>();
        for (Fault fault : model.faults()) {
            faults.merge(fault.kind(), 1, Integer::sum);
        }
        return new RunStats(model.processes().size(), model.operations().size(), outcomes(counts, Op.ACQUIRE),
                outcomes(counts, Op.READ), outcomes(counts, Op.WRITE), outcomes(counts, Op.RELEASE), lost,
                Map.copyOf(faults), model.tornLines());
    }

    private static Outcomes outcomes(int[][] counts, Op op) {
        int[] c = counts[op.ordinal()];
        return new Outcomes(c[0], c[1], c[2]);
    }
}
