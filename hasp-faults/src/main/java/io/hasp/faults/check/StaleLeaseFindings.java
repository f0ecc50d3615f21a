package io.hasp.faults.check;

import java.util.List;

/**
 * What check 4 found. Immutable.
 *
 * @param violations leases that claimed validity after their lock had provably ended, with no data loss to blame
 * @param doubleGrantsAfterDataLoss leases that did the same after a Redis restart without persistence threw their lock
 *     away: two holders at once, the measured cost of running without persistence, not a library fault
 * @param doubleGrantsAfterFailover leases that did the same after a failover promoted a replica that had not received
 *     their lock: the measured cost of asynchronous replication (the fence must still refuse the stale holder)
 */
public record StaleLeaseFindings(List<Violation> violations, int doubleGrantsAfterDataLoss,
        int doubleGrantsAfterFailover) {
}
