package io.hasp.faults.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Check 2: no lost updates. The counter starts at 0 and each write sets it to the value read plus one, so the applied
 * writes, in the order Redis applied them, must form a chain: each read exactly what the previous one wrote, and the
 * final value is where the chain ends.
 *
 * <p>Writes of unknown outcome (info) are handled as Jepsen does: each may or may not have happened. A gap in the
 * chain (an applied write read {@code v + k} where the previous applied write left {@code v}) is no violation if
 * unused info writes can fill it exactly ({@code v -> v+1 -> ... -> v+k}); they are then counted as applied. A write
 * that read less than the previous applied write left (or a gap nothing can fill) lost an update. Stateless.
 */
public final class LostUpdateCheck {
    private LostUpdateCheck() {
    }

    public static LostUpdateFindings check(RunModel model) {
        List<LeaseRecord> applied = new ArrayList<>();
        Map<Long, List<LeaseRecord>> maybeByRead = new HashMap<>();
        for (LeaseRecord lease : model.leases()) {
            if (lease.applied()) {
                applied.add(lease);
            } else if (lease.maybeApplied()) {
                maybeByRead.computeIfAbsent(lease.write().invoke().read(), k -> new ArrayList<>()).add(lease);
            }
        }
        applied.sort(Comparator.comparingLong(l -> l.write().completion().seq()));

        List<Violation> violations = new ArrayList<>();
        long expected = 0;
        int bridged = 0;
        LeaseRecord previous = null;
        for (LeaseRecord lease : applied) {
            long read = lease.write().invoke().read();
            if (read != expected) {
                int filled = read > expected ? bridge(maybeByRead, expected, read) : -1;
                if (filled < 0) {
                    violations.add(new Violation(ViolationKind.LOST_UPDATE, lease + " wrote "
                            + lease.write().invoke().written() + " based on a read of " + read + ", but "
                            + (previous == null ? "the counter started at " : "the previous applied write ("
                            + previous + ") left ") + expected));
                } else {
                    bridged += filled;
                }
            }
            expected = lease.write().invoke().written();
            previous = lease;
        }
        long finalValue = model.finalValue().orElse(-1);
        if (finalValue >= 0 && finalValue != expected) {
            int filled = finalValue > expected ? bridge(maybeByRead, expected, finalValue) : -1;
            if (filled < 0) {
                violations.add(new Violation(ViolationKind.LOST_UPDATE, "the counter ended at " + finalValue
                        + " but the applied writes end at " + expected));
            } else {
                bridged += filled;
                expected = finalValue;
            }
        }
        return new LostUpdateFindings(violations, applied.size(), bridged, expected, finalValue);
    }

    /**
     * Finds unused info writes leading from {@code from} to {@code to} and uses them up; returns how many, or -1 (and
     * uses none) if no such chain exists.
     */
    private static int bridge(Map<Long, List<LeaseRecord>> maybeByRead, long from, long to) {
        List<LeaseRecord> chain = new ArrayList<>();
        long at = from;
        while (at != to) {
            List<LeaseRecord> candidates = maybeByRead.getOrDefault(at, List.of());
            LeaseRecord step = null;
            for (LeaseRecord candidate : candidates) {
                long written = candidate.write().invoke().written();
                if (written > at && written <= to) {
                    step = candidate;
                    break;
                }
            }
            if (step == null) {
                return -1;
            }
            chain.add(step);
            at = step.write().invoke().written();
        }
        for (LeaseRecord used : chain) {
            maybeByRead.get(used.write().invoke().read()).remove(used);
        }
        return chain.size();
    }
}
