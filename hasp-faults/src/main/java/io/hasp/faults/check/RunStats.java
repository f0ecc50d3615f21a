package io.hasp.faults.check;

import io.hasp.faults.history.Op;
import io.hasp.faults.history.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
 * @param hostStalls stalls of the whole host the runner saw
 * @param longestStallMillis the longest of them, or 0
 * @param longestDroughtMillis liveness: the longest time a worker process went without being granted the lock, from
 *     its first grant to its next one (or to its end); a client shut out while others work shows up here, though every
 *     one of its acquires completes in time
 * @param droughtProcess the process with that longest drought, or empty
 */
public record RunStats(int workerProcesses, int operations, Outcomes acquires, Outcomes reads, Outcomes writes,
        Outcomes releases, int leasesReportedLost, Map<String, Integer> faults, int tornLines, int hostStalls,
        long longestStallMillis, long longestDroughtMillis, String droughtProcess) {

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
        long drought = 0;
        String droughtProcess = "";
        Map<String, List<Long>> grants = new TreeMap<>();
        for (LeaseRecord lease : model.leases()) {
            grants.computeIfAbsent(lease.process(), p -> new ArrayList<>()).add(lease.acquire().completedAt());
        }
        for (Map.Entry<String, List<Long>> entry : grants.entrySet()) {
            List<Long> times = entry.getValue();
            Collections.sort(times);
            ProcessLife life = model.processes().get(entry.getKey());
            if (life != null) {
                times.add(life.endedAt());
            }
            for (int i = 1; i < times.size(); i++) {
                long gap = (times.get(i) - times.get(i - 1)) / 1_000_000;
                if (gap > drought) {
                    drought = gap;
                    droughtProcess = entry.getKey();
                }
            }
        }
        return new RunStats(model.processes().size(), model.operations().size(), outcomes(counts, Op.ACQUIRE),
                outcomes(counts, Op.READ), outcomes(counts, Op.WRITE), outcomes(counts, Op.RELEASE), lost,
                Map.copyOf(faults), model.tornLines(), model.stalls().size(),
                model.stalls().stream().mapToLong(Stall::millis).max().orElse(0), drought, droughtProcess);
    }

    private static Outcomes outcomes(int[][] counts, Op op) {
        int[] c = counts[op.ordinal()];
        return new Outcomes(c[0], c[1], c[2]);
    }
}
