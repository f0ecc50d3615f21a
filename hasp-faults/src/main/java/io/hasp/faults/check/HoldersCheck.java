package io.hasp.faults.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Check 6 (issues 16 and 17): never more holders at once than the primitive allows. For a semaphore of N, at most N
 * permit leases; for a lock, a write lock or a read-write lock, an exclusive lease alone (no reader, no other
 * exclusive lease beside it); for a leader election, one leader (two participants never both believe they lead).
 *
 * <p>Holders are placed by their own beliefs, on the host's monotonic clock that every worker shares: a lease is
 * believed held from its acquire's completion to its last valid claim ({@link LeaseRecord#lastBelievedAt}). That is
 * sound for a correct library: a claim is valid only before the lease's send time plus its lease time minus the
 * drift allowance, which is before Redis ends it, and Redis grants the next holder only after that end; so the next
 * holder's acquire completes after every valid claim of the one it replaced. Several processes share one clock
 * because they run on one host. Shared holds carry no fence that could keep a stale holder's effects out, so this is
 * the check for them. For a plain lock it says directly what the fence-based checks only infer from tokens: a Redlock
 * holder whose grant a node had lost (issue 17) still believed it held while another client won a majority, whatever
 * the two tokens were. A Redis restart without persistence forgets holders, and a lossy failover can grant a lock
 * the new primary never received: leases whose belief spans such a fault are left out (as {@link StaleLeaseCheck}
 * counts them apart). Stateless.
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
        for (LeaseRecord lease : model.leases()) {
            if (lease.kind().equals(TERM)) {
                terms.add(lease);
            } else if (lease.kind().startsWith(PERMIT)) {
                permits.add(lease);
            } else if (lease.kind().equals(READ) || !lease.shared()) {
                readWrite.add(lease);
            }
        }
        List<Violation> violations = new ArrayList<>();
        if (!permits.isEmpty()) {
            int allowed = Integer.parseInt(permits.get(0).kind().substring(PERMIT.length()).trim());
            sweep(model, permits, allowed, violations);
        }
        if (!readWrite.isEmpty()) {
            sweep(model, readWrite, 0, violations);
        }
        if (!terms.isEmpty()) {
            sweep(model, terms, 1, violations);
        }
        return violations;
    }

    /**
     * Walks the belief intervals in time order. With {@code permits} above 0: more than that many at once is a
     * violation. With 0 (a lock, or a read-write lock): an exclusive lease beside any other is.
     */
    private static void sweep(RunModel model, List<LeaseRecord> leases, int permits, List<Violation> violations) {
        List<LeaseRecord> counted = new ArrayList<>();
        for (LeaseRecord lease : leases) {
            if (!forgottenDuring(model, lease)) {
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

    /**
     * Whether Redis may have forgotten the lease: a restart without persistence began while it was asked for or
     * believed held, or a lossy failover was under way at some moment of that (as {@link StaleLeaseCheck} judges
     * them: a primary being replaced can still grant a lock its replica never sees).
     */
    private static boolean forgottenDuring(RunModel model, LeaseRecord lease) {
        long from = lease.acquire().invokedAt();
        long to = lease.lastBelievedAt();
        for (Fault fault : model.faults()) {
            if (fault.dataLoss() && fault.start() > from && fault.start() < to
                    || fault.failover() && fault.start() < to && fault.end() > from) {
                return true;
            }
        }
        return false;
    }
}
