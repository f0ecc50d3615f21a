package io.hasp.faults.nemesis;

import io.hasp.faults.worker.BrokenMode;
import io.hasp.faults.worker.LockVariant;
import java.time.Duration;

/**
 * What to deploy for one scenario. Immutable.
 *
 * @param variant the lock variant; its {@link LockVariant#nodes()} lock servers are started
 * @param persistence how the lock servers persist
 * @param workers how many worker processes
 * @param threads threads per worker
 * @param lease the lease time (watchdog lease or fixed lease, per thread)
 * @param acquireWait how long each acquire may wait
 * @param commandTimeout the Redis command timeout of the workers
 * @param maxPause the longest pause between a critical section's read and write
 * @param broken a deliberate bug for every worker, or {@link BrokenMode#NONE}
 * @param seed seeds the workers
 */
public record DeploymentSpec(LockVariant variant, Persistence persistence, int workers, int threads, Duration lease,
        Duration acquireWait, Duration commandTimeout, Duration maxPause, BrokenMode broken, long seed) {

    /** The lock every worker contends for. */
    public static final String LOCK_NAME = "fault-run";

    /** How long pauses and partitions last: past the lease time, so leases run out while the fault lasts. */
    public Duration faultLength() {
        return lease.plus(lease.dividedBy(2));
    }
}
