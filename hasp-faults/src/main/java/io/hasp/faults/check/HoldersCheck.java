package io.hasp.faults.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Check 6 (issue 16): never more holders at once than the primitive allows. For a semaphore of N, at most N permit
 * leases; for a read-write lock, a writer alone (no reader, no other writer beside it); for a leader election, one
 * leader (two participants never both believe they lead). Runs only on histories of those workloads; a plain lock's
 * leases are judged by the fence-based checks alone.
 *
 * <p>Holders are placed by their own beliefs, on the host's monotonic clock that every worker shares: a lease is
 * believed held from its acquire's completion to its last valid claim ({@link LeaseRecord#lastBelievedAt}). That is
 * sound for a correct library: a claim is valid only before the lease's send time plus its lease time minus the
 * drift allowance, which is before Redis ends it, and Redis grants the next holder only after that end; so the next
 * holder's acquire completes after every valid claim of the one it replaced. Several processes share one clock
 * because they run on one host. Shared holds carry no fence that could keep a stale holder's effects out, so this is
 * the check for them. A Redis restart without persistence forgets holders: leases whose belief spans the start of
 * such a fault are left out (as {@link StaleLeaseCheck} excuses them). Stateless.
 */
public final class HoldersCheck {
    private static final String PERMIT = "permit ";
    private static final String READ = "read";
    private static final String TERM = "term";

    private HoldersCheck() {
    }

    public static List<Violation> check(RunModel model) {
        List<LeaseRecord> permits = new ArrayList<>();
        List<LeaseRecord> readWrite = new ArrayList<>();
        List<LeaseRecord> terms = new ArrayList<>();
        boolean readers = false;
        for (LeaseRecord lease : model.leases()) {
            if (lease.kind().equals(TERM)) {
                terms.add(lease);
            } else if (lease.kind().startsWith(PERMIT)) {
                permits.add(lease);
            } else if (lease.kind().equals(READ)) {
                readers = true;
                readWrite.add(lease);
            } else if (!lease.shared()) {
                readWrite.add(lease);
            }
        }
        List<Violation> violations = new ArrayList<>();
        if (!permits.isEmpty()) {
            int allowed = Integer.parseInt(permits.get(0).kind().substring(PERMIT.length()).trim());
            sweep(model, permits, allowed, violations);
        }
        if (readers) {
            sweep(model, readWrite, 0, violations);
        }
        if (!terms.isEmpty()) {
            sweep(model, terms, 1, violations);
        }
        return violations;
    }

    /**
     * Walks the belief intervals in time order. With {@code permits} above 0: more than that many at once is a
     * violation. With 0 (a read-write lock): an exclusive lease beside any other is.
     */
    private static void sweep(RunModel model, List<LeaseRecord> leases, int permits, List<Violation> violations) {
        List<LeaseRecord> counted = new ArrayList<>();
        for (LeaseRecord lease : leases) {
            if (!dataLossDuring(model, lease)) {
                counted.add(lease);
            }
        }
        counted.sort(Comparator.comparingLong(l -> l.acquire().completedAt()));
        List<LeaseRecord> holding = new ArrayList<>();
        for (LeaseRecord lease : counted) {
            long from = lease.acquire().completedAt();
            holding.removeIf(other -> other.lastBelievedAt() < from);
            holding.add(lease);
            boolean broken = permits > 0 ? holding.size() > permits
                    : holding.size() > 1 && holding.stream().anyMatch(l -> !l.shared());
            if (broken) {
                violations.add(new Violation(ViolationKind.TOO_MANY_HOLDERS, lease + " was granted while "
                        + (holding.size() - 1) + " other lease(s) still believed they held: " + holding.subList(0,
                                holding.size() - 1) + (permits > 0 ? " (" + permits + " permits)" : "")));
            }
        }
    }

    private static boolean dataLossDuring(RunModel model, LeaseRecord lease) {
        for (Fault fault : model.faults()) {
            if (fault.dataLoss() && fault.start() > lease.acquire().invokedAt()
                    && fault.start() < lease.lastBelievedAt()) {
                return true;
            }
        }
        return false;
    }
}
