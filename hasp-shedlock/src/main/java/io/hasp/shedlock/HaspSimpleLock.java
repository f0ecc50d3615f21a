package io.hasp.shedlock;

import io.hasp.Lease;
import io.hasp.LockLostException;
import io.hasp.RedisUnavailableException;
import java.time.Duration;
import java.util.Optional;
import net.javacrumbs.shedlock.core.AbstractSimpleLock;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A held ShedLock lock: one Hasp lease and the configuration it was taken or last extended with. ShedLock's
 * {@link AbstractSimpleLock} allows one unlock or extend per object; an extend hands the same lease on to a new one.
 * {@code lockAtLeastFor} counts on the monotonic clock from the moment the acquire (or extend) was sent, so the key
 * is never kept for less than asked.
 */
final class HaspSimpleLock extends AbstractSimpleLock {
    private static final Logger LOG = LoggerFactory.getLogger(HaspSimpleLock.class);

    private final HaspLockProvider provider;
    private final Lease lease;
    private final long sentAt;

    HaspSimpleLock(HaspLockProvider provider, Lease lease, LockConfiguration configuration, long sentAt) {
        super(configuration);
        this.provider = provider;
        this.lease = lease;
        this.sentAt = sentAt;
    }

    /**
     * Deletes the key by token, or keeps it until {@code lockAtLeastFor} has passed. A Redis failure is logged, not
     * thrown (it must not mask the job's own outcome): the lock then ends with {@code lockAtMostFor}.
     */
    @Override
    protected void doUnlock() {
        Duration keep = lockConfiguration.getLockAtLeastFor().minusNanos(System.nanoTime() - sentAt);
        try {
            if (keep.isNegative() || keep.isZero()) {
                lease.release();
            } else {
                lease.releaseAfter(keep);
            }
        } catch (RedisUnavailableException e) {
            LOG.warn("lock '{}' token {}: unlock failed, the lock ends with lockAtMostFor: {}", lease.lockName(),
                    lease.tokenPrefix(), e.getMessage());
        }
    }

    /** Extends by token; empty if the lock is no longer ours or Redis did not confirm the extend in time. */
    @Override
    protected Optional<SimpleLock> doExtend(LockConfiguration newConfiguration) {
        Duration atMost = provider.fixedLease(newConfiguration).leaseTime();
        long extendSentAt = System.nanoTime();
        try {
            lease.extend(atMost);
        } catch (LockLostException | RedisUnavailableException e) {
            LOG.warn("lock '{}' token {}: not extended: {}", lease.lockName(), lease.tokenPrefix(), e.getMessage());
            return Optional.empty();
        }
        return Optional.of(new HaspSimpleLock(provider, lease, newConfiguration, extendSentAt));
    }

    @Override
    public String toString() {
        return "HaspSimpleLock{" + lease + ", " + lockConfiguration + '}';
    }
}
