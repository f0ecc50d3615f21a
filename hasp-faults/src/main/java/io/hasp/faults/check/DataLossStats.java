package io.hasp.faults.check;

/**
 * What restarts without persistence cost in a run: the locks they forgot let a second holder in while the first
 * still believed it held the lock (double grants, counted by check 4), and the first holder's write then met the
 * fence. Immutable.
 *
 * @param restarts faults that threw acknowledged writes away
 * @param doubleGrants leases that claimed validity after a newer lease had been granted, because of such a restart
 * @param staleWritesRejected writes by leases granted before such a restart and sent after it, rejected by the fence
 * @param staleWritesApplied such writes that were applied: legal when no newer holder had read yet
 */
public record DataLossStats(int restarts, int doubleGrants, int staleWritesRejected, int staleWritesApplied) {

    static DataLossStats of(RunModel model, StaleLeaseFindings staleLeases) {
        int restarts = 0;
        int rejected = 0;
        int applied = 0;
        for (Fault fault : model.faults()) {
            if (!fault.dataLoss()) {
                continue;
            }
            restarts++;
            for (LeaseRecord lease : model.leases()) {
                Operation write = lease.write();
                if (write == null || lease.acquire().invokedAt() >= fault.start()
                        || write.invokedAt() <= fault.start()) {
                    continue;
                }
                if (write.failed()) {
                    rejected++;
                } else if (write.ok()) {
                    applied++;
                }
            }
        }
        return new DataLossStats(restarts, staleLeases.doubleGrantsAfterDataLoss(), rejected, applied);
    }
}
