package io.hasp.faults.check;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Time to recover after each kind of fault: from the fault's end (its heal; for a kill, the kill) to the first lease
 * granted after it whose write was applied. A fault is measured only if no other fault was active at any moment from
 * its start to its recovery, so each number belongs to one kind (a kill's orphaned lock, for one, outlives the kill
 * by up to a lease time and would otherwise be charged to the next fault). Immutable.
 *
 * @param measured faults of this kind that were measured
 * @param unrecovered measured faults after which no lease was granted and applied its write before the run ended
 * @param medianMillis median recovery time (the lower median for an even count), or -1 if none recovered
 * @param maxMillis longest recovery time, or -1
 */
public record RecoveryStats(int measured, int unrecovered, double medianMillis, double maxMillis) {

    static Map<String, RecoveryStats> of(RunModel model) {
        List<LeaseRecord> applied = model.leases().stream().filter(LeaseRecord::applied).toList();
        Map<String, List<Double>> times = new TreeMap<>();
        Map<String, Integer> unrecovered = new TreeMap<>();
        for (Fault fault : model.faults()) {
            if (fault.end() == Long.MAX_VALUE) {
                continue;
            }
            long recoveredAt = Long.MAX_VALUE;
            for (LeaseRecord lease : applied) {
                if (lease.acquire().completedAt() > fault.end()) {
                    recoveredAt = Math.min(recoveredAt, lease.write().completedAt());
                }
            }
            if (overlapped(model, fault, recoveredAt)) {
                continue;
            }
            times.computeIfAbsent(fault.kind(), k -> new ArrayList<>());
            if (recoveredAt == Long.MAX_VALUE) {
                unrecovered.merge(fault.kind(), 1, Integer::sum);
            } else {
                times.get(fault.kind()).add((recoveredAt - fault.end()) / 1e6);
            }
        }
        Map<String, RecoveryStats> result = new TreeMap<>();
        times.forEach((kind, list) -> {
            Collections.sort(list);
            int missing = unrecovered.getOrDefault(kind, 0);
            result.put(kind, new RecoveryStats(list.size() + missing, missing,
                    list.isEmpty() ? -1 : list.get((list.size() - 1) / 2),
                    list.isEmpty() ? -1 : list.get(list.size() - 1)));
        });
        return result;
    }

    /** Whether another fault was active at any moment from this fault's start to its recovery. */
    private static boolean overlapped(RunModel model, Fault fault, long recoveredAt) {
        for (Fault other : model.faults()) {
            if (other.id() != fault.id() && other.start() <= recoveredAt && other.end() >= fault.start()) {
                return true;
            }
        }
        return false;
    }
}
