package io.hasp.faults.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Check 4: a lease must not claim to be valid after its lock has ended. A claim is what the worker sampled at each
 * read, write and release invoke: {@code lease.remaining()} and whether {@code lost()} had fired; it says "valid until
 * {@code nanos + remaining}". (Workers sample {@code nanos} first, so a pause between the two samples only shortens the
 * claim.)
 *
 * <p>Evidence that the lock had ended by a moment {@code e}:
 * <ul>
 *   <li>another lease with a larger token completed its acquire at {@code e} (it could only be granted once this
 *       lease's key was gone);</li>
 *   <li>this lease's read or write was rejected by the fence at {@code e} (the resource had seen a larger token);</li>
 *   <li>this lease's release completed at {@code e} reporting the lock no longer ours (unless an earlier release
 *       attempt of the lease had an unknown outcome: as in Jepsen, that attempt may have happened, and deleted the
 *       lock itself).</li>
 * </ul>
 * A claim reaching past such an {@code e} is a violation: the library told its caller the lease was valid when it was
 * not, and never said it was lost. Claims made at read and write invokes end at the lease's first release invoke (the
 * holder gave the lock up there; what it would have claimed later does not matter), and that invoke's own claim says
 * "valid now". For fixed leases a claim also may not reach past the acquire's completion plus the lease time.
 *
 * <p>A Redis restart without persistence throws locks away behind their holders' backs, so a claim disproved by
 * evidence after such a restart (that began after the lease's acquire was sent) is counted as a double grant caused
 * by data loss, not as a violation. With AOF and {@code appendfsync always} no fault is marked as losing data, so any
 * double grant there is a violation. A failover that may drop the old primary's latest writes (marked
 * {@value Fault#FAILOVER} by its nemesis) does the same to a lock the replica had not received yet: a double grant
 * whose lease lived through one is counted apart, as caused by failover; the fence checks (1 to 3) still hold it to
 * account. Stateless.
 */
public final class StaleLeaseCheck {
    private StaleLeaseCheck() {
    }

    public static StaleLeaseFindings check(RunModel model) {
        long[] supersededAt = supersededAt(model.leases());
        List<Violation> violations = new ArrayList<>();
        int afterDataLoss = 0;
        int afterFailover = 0;
        for (int i = 0; i < model.leases().size(); i++) {
            LeaseRecord lease = model.leases().get(i);
            OverClaim found = overClaim(lease, supersededAt[i]);
            if (found == null) {
                continue;
            }
            boolean lockLost = found.endedAt() != Long.MIN_VALUE;
            if (lockLost && restartBetween(model, lease.acquire().invokedAt(), found.endedAt())) {
                afterDataLoss++;
            } else if (lockLost && failoverDuring(model, lease.acquire().invokedAt(), found.endedAt())) {
                afterFailover++;
            } else {
                violations.add(new Violation(ViolationKind.STALE_LEASE, lease + " " + found.problem()));
            }
        }
        return new StaleLeaseFindings(violations, afterDataLoss, afterFailover);
    }

    /**
     * A claim that reached too far.
     *
     * @param problem what was claimed and what disproved it
     * @param endedAt when the lock had provably ended, or MIN_VALUE when the claim broke the lease's own time limit
     *     (which no data loss excuses)
     */
    private record OverClaim(String problem, long endedAt) {
    }

    /** The first claim of the lease that reached too far, or null if every claim was justified. */
    private static OverClaim overClaim(LeaseRecord lease, long supersededAt) {
        long releasedAt = lease.firstReleaseAt();
        long evidence = Math.min(supersededAt, rejectedAt(lease));
        for (Operation op : claimedUntilRelease(lease)) {
            long claim = Math.min(op.claimEnd(), releasedAt);
            if (claim > evidence) {
                return new OverClaim("claimed at its " + op.op().label() + " to be valid " + millis(claim - evidence)
                        + " past the moment its lock had provably ended ("
                        + (evidence == supersededAt ? "a lease with a larger token was granted" : "the fence rejected it")
                        + "), and lost() had not fired", evidence);
            }
        }
        for (Operation release : lease.releases()) {
            if (release.indeterminate()) {
                // That release may have deleted the lock: a later "no longer ours" is then its own doing.
                break;
            }
            if (release.failed() && release.claimEnd() > release.completedAt()) {
                return new OverClaim("claimed at its release to be valid "
                        + millis(release.claimEnd() - release.completedAt())
                        + " past the moment Redis answered that the lock was no longer ours", release.completedAt());
            }
        }
        if (lease.fixedLease()) {
            long limit = lease.acquire().completedAt() + lease.leaseMillis() * 1_000_000L;
            for (Operation op : allClaimingOps(lease)) {
                if (op.claimEnd() > limit) {
                    return new OverClaim("claimed at its " + op.op().label() + " to be valid "
                            + millis(op.claimEnd() - limit) + " past its fixed lease time of " + lease.leaseMillis()
                            + " ms", Long.MIN_VALUE);
                }
            }
        }
        return null;
    }

    /** When the fence first rejected this lease's read or write, or MAX_VALUE. */
    private static long rejectedAt(LeaseRecord lease) {
        long at = Long.MAX_VALUE;
        for (Operation op : sectionOps(lease)) {
            if (op.failed()) {
                at = Math.min(at, op.completedAt());
            }
        }
        return at;
    }

    private static List<Operation> sectionOps(LeaseRecord lease) {
        List<Operation> ops = new ArrayList<>(2);
        if (lease.read() != null) {
            ops.add(lease.read());
        }
        if (lease.write() != null) {
            ops.add(lease.write());
        }
        return ops;
    }

    /**
     * The operations whose claims count until the lease's first release: the read, the write, and the first release
     * itself (whose claim, cut at its own invoke, says "valid now"). Later release attempts are left out: the first
     * may have deleted the lock, after which a claim proves nothing.
     */
    private static List<Operation> claimedUntilRelease(LeaseRecord lease) {
        List<Operation> ops = sectionOps(lease);
        if (!lease.releases().isEmpty()) {
            ops.add(lease.releases().get(0));
        }
        return ops;
    }

    private static List<Operation> allClaimingOps(LeaseRecord lease) {
        List<Operation> ops = sectionOps(lease);
        ops.addAll(lease.releases());
        return ops;
    }

    /**
     * For each lease (same index as {@code leases}): the earliest completed acquire of any lease with a larger token,
     * or MAX_VALUE.
     */
    private static long[] supersededAt(List<LeaseRecord> leases) {
        Integer[] order = new Integer[leases.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingLong((Integer i) -> leases.get(i).fence()).reversed());
        long[] result = new long[leases.size()];
        long earliest = Long.MAX_VALUE;
        int i = 0;
        while (i < order.length) {
            int j = i;
            long fence = leases.get(order[i]).fence();
            long groupEarliest = earliest;
            while (j < order.length && leases.get(order[j]).fence() == fence) {
                result[order[j]] = earliest;
                groupEarliest = Math.min(groupEarliest, leases.get(order[j]).acquire().completedAt());
                j++;
            }
            earliest = groupEarliest;
            i = j;
        }
        return result;
    }

    /** A restart that lost data after the lease was asked for and before its lock had provably ended. */
    private static boolean restartBetween(RunModel model, long from, long to) {
        for (Fault fault : model.faults()) {
            if (fault.dataLoss() && fault.start() > from && fault.start() < to) {
                return true;
            }
        }
        return false;
    }

    /**
     * A lossy failover under way at some moment between the lease's acquire and the end of its lock. Unlike a
     * restart, a failover takes time, and a primary that is being replaced (paused, or not yet told it was deposed)
     * can still grant a lock that the new primary never sees: a lease asked for during the fault is as exposed as one
     * asked for before it.
     */
    private static boolean failoverDuring(RunModel model, long from, long to) {
        for (Fault fault : model.faults()) {
            if (fault.failover() && fault.start() < to && fault.end() > from) {
                return true;
            }
        }
        return false;
    }

    private static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
}
