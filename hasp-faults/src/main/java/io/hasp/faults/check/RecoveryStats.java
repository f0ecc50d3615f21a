package io.hasp.faults.check;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Time to recover after each kind of fault: from the fault's end (its heal; for a kill, the kill) to the first lease
 * granted after it whose write was applied. Only faults that end while no other fault is active are measured, so
 * each number belongs to one kind. Immutable.
 *
 * @param measured faults of this kind that were measured
 * @param unrecovered measured faults after which no lease was granted and applied its write before the run ended
 * @param medianMillis median recovery time, or -1 if none recovered
 * @param maxMillis longest recovery time, or -1
 */
public record RecoveryStats(int measured, int unrecovered, double medianMillis, double maxMillis) {

    static Map<String, RecoveryStats> of(RunModel model) {
        List<LeaseRecord> applied = model.leases().stream().filter(LeaseRecord::applied).toList();
        Map<String, List<Double>> times = new TreeMap<>();
        Map<String, Integer> unrecovered = new TreeMap<>();
        for (Fault fault : model.faults()) {
            if (fault.end() == Long.MAX_VALUE || otherFaultActive(model, fault)) {
                continue;
            }
            long best = Long.MAX_VALUE;
            for (LeaseRecord lease : applied) {
                if (lease.acquire().completedAt() > fault.end()) {
                    best = Math.min(best, lease.write().completedAt());
                }
            }
            times.computeIfAbsent(fault.kind(), k -> new ArrayList<>());
            if (best == Long.MAX_VALUE) {
                unrecovered.merge(fault.kind(), 1, Integer::sum);
            } else {
                times.get(fault.kind()).add((best - fault.end()) / 1e6);
            }
        }
        Map<String, RecoveryStats> result = new TreeMap<>();
        times.forEach((kind, list) -> {
            Collections.sort(list);
            int missing = unrecovered.getOrDefault(kind, 0);
            result.put(kind, new RecoveryStats(list.size() + missing, missing,
                    list.isEmpty() ? -1 : list.get(list.size() / 2), list.isEmpty() ? -1 : list.get(list.size() - 1)));
        });
        return result;
    }

    private static boolean otherFaultActive(RunModel model, Fault fault) {
        for (Fault other : model.faults()) {
            if (other.id() != fault.id() && other.start() <= fault.end() && other.end() > fault.end()) {
                return true;
            }
        }
        return false;
    }
}
