package io.hasp;

/**
 * A named distributed read-write lock, made by {@link Hasp#readWriteLock(String)}: many readers or one writer.
 * Both sides are {@link Lock}s with the usual acquire forms, leases, watchdog and loss signal; each reader holds its
 * own lease, so a dead reader blocks writers only until its lease ends.
 *
 * <p>Writer preference: while a writer waits (a waiting acquire on the write side, alive), no new reader is
 * admitted, so a steady stream of readers cannot starve it; readers already holding finish normally. A writer that
 * gives up leaves its intent behind for at most its {@link LockOptions#waiterHeartbeat() heartbeat window}, during
 * which new readers still wait. A single attempt ({@code writeLock().tryAcquire()}) records no intent.
 *
 * <p>Fences: a writer's {@link Lease#fencingToken()} is larger than every earlier writer's. A reader's is the fence
 * of the last write it may observe (0 if none is known), so readers' tokens do not increase per read: a resource may
 * refuse a reader whose token is older than a write it has already accepted, since that reader's lease has ended.
 * Downgrading a write lease to a read lease without a gap is not supported yet. Thread-safe.
 */
public interface ReadWriteLock {

    /** The lock's name. */
    String name();

    /** The read side: shared among readers, excluded by a writer or a waiting writer. */
    Lock readLock();

    /** The write side: exclusive. */
    Lock writeLock();
}
