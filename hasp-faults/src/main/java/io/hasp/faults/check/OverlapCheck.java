package io.hasp.faults.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Check 1: no two leases whose writes were both applied may have critical sections that interleave.
 *
 * <p>A critical section is placed by the resource, not by client clocks: it spans from the lease's fenced read to its
 * fenced write in the order Redis ran them (the {@code seq} each script returns). Client-side times cannot place
 * it: a holder frozen after its write was applied, but before it saw the reply, looks (by its own clock) as if it
 * wrote long after the next holder began. Writes of unknown outcome (info) are left out: they may not have happened,
 * so they cannot prove an overlap. Stateless.
 */
public final class OverlapCheck {
    private OverlapCheck() {
    }

    public static List<Violation> check(RunModel model) {
        List<LeaseRecord> applied = new ArrayList<>();
        for (LeaseRecord lease : model.leases()) {
            if (lease.applied() && lease.read() != null && lease.read().ok()) {
                applied.add(lease);
            }
        }
        applied.sort(Comparator.comparingLong(OverlapCheck::readSeq));
        List<Violation> violations = new ArrayList<>();
        LeaseRecord latest = null;
        for (LeaseRecord lease : applied) {
            if (latest != null && readSeq(lease) < writeSeq(latest)) {
                violations.add(new Violation(ViolationKind.OVERLAP, lease + " read at resource step "
                        + readSeq(lease) + " and wrote at step " + writeSeq(lease) + ", inside the critical section of "
                        + latest + " (steps " + readSeq(latest) + ".." + writeSeq(latest)
                        + "); both writes were applied"));
            }
            if (latest == null || writeSeq(lease) > writeSeq(latest)) {
                latest = lease;
            }
        }
        return violations;
    }

    private static long readSeq(LeaseRecord lease) {
        return lease.read().completion().seq();
    }

    private static long writeSeq(LeaseRecord lease) {
        return lease.write().completion().seq();
    }
}
