package io.hasp.faults.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Check 3: fencing tokens strictly increase (a) in the order the resource applied writes, and (b) in the order leases
 * were granted: a lease whose acquire began after another lease's acquire had completed must hold a larger token.
 * (b) is what makes (a) possible across a Redis restart without persistence, where the token counter is lost and only
 * the floor taken from Redis's clock keeps tokens growing. Writes of unknown outcome are left out. Stateless.
 */
public final class FenceOrderCheck {
    private FenceOrderCheck() {
    }

    public static List<Violation> check(RunModel model) {
        List<Violation> violations = new ArrayList<>();
        checkAppliedOrder(model, violations);
        checkGrantOrder(model, violations);
        return violations;
    }

    private static void checkAppliedOrder(RunModel model, List<Violation> violations) {
        List<LeaseRecord> applied = new ArrayList<>();
        for (LeaseRecord lease : model.leases()) {
            if (lease.applied()) {
                applied.add(lease);
            }
        }
        applied.sort(Comparator.comparingLong(l -> l.write().completion().seq()));
        LeaseRecord previous = null;
        for (LeaseRecord lease : applied) {
            if (previous != null && lease.fence() <= previous.fence()) {
                violations.add(new Violation(ViolationKind.FENCE_ORDER, lease + " had its write applied after "
                        + previous + "'s, with a token that is not larger"));
            }
            previous = lease;
        }
    }

    private static void checkGrantOrder(RunModel model, List<Violation> violations) {
        List<LeaseRecord> byGrant = new ArrayList<>(model.leases());
        byGrant.sort(Comparator.comparingLong(l -> l.acquire().completedAt()));
        int n = byGrant.size();
        long[] grantedAt = new long[n];
        LeaseRecord[] highestSoFar = new LeaseRecord[n];
        for (int i = 0; i < n; i++) {
            LeaseRecord lease = byGrant.get(i);
            grantedAt[i] = lease.acquire().completedAt();
            highestSoFar[i] = i > 0 && highestSoFar[i - 1].fence() >= lease.fence() ? highestSoFar[i - 1] : lease;
        }
        for (LeaseRecord lease : model.leases()) {
            int before = lastBefore(grantedAt, lease.acquire().invokedAt());
            if (before >= 0 && highestSoFar[before].fence() >= lease.fence()) {
                violations.add(new Violation(ViolationKind.FENCE_ORDER, lease + " was granted after "
                        + highestSoFar[before] + " had been granted a token at least as large"));
            }
        }
    }

    /** The last index whose value is below {@code limit}, or -1. */
    private static int lastBefore(long[] sorted, long limit) {
        int lo = 0;
        int hi = sorted.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < limit) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }
}
