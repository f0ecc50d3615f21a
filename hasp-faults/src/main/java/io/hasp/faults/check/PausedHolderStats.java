package io.hasp.faults.check;

/**
 * What happened to leases whose holder was frozen (SIGSTOP) by the pause-holder nemesis: after it was continued, its
 * write should be rejected by the fence (when another holder wrote meanwhile) and its lease reported lost. Immutable.
 *
 * @param paused leases held by a process at the moment it was frozen
 * @param writesRejected of those, writes made after the process was continued that the fence rejected
 * @param writesApplied writes made after the continue that were applied (only legal if nobody with a larger token
 *     touched the resource during the pause; check 3 and check 2 would catch it otherwise)
 * @param reportedLost paused leases whose {@code lost()} signal fired
 */
public record PausedHolderStats(int paused, int writesRejected, int writesApplied, int reportedLost) {

    static PausedHolderStats of(RunModel model) {
        int paused = 0;
        int rejected = 0;
        int applied = 0;
        int lost = 0;
        for (Fault fault : model.faults()) {
            if (!fault.kind().equals(Fault.PAUSE_HOLDER)) {
                continue;
            }
            for (LeaseRecord lease : model.leases()) {
                if (!lease.process().equals(fault.target()) || lease.acquire().completedAt() >= fault.start()
                        || lease.firstReleaseAt() <= fault.start()) {
                    continue;
                }
                paused++;
                if (lease.lostAt() >= 0) {
                    lost++;
                }
                Operation write = lease.write();
                if (write != null && write.invokedAt() > fault.start()) {
                    if (write.failed()) {
                        rejected++;
                    } else if (write.ok()) {
                        applied++;
                    }
                }
            }
        }
        return new PausedHolderStats(paused, rejected, applied, lost);
    }
}
