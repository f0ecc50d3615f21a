package io.hasp;

import java.util.concurrent.CompletableFuture;

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
 *
 * <p>Downgrade: {@link #downgrade(Lease)} turns a write lease into a read lease in one step, so no writer can take
 * the lock in between; other readers may join afterwards (unless a writer waits). The read lease carries the write
 * lease's fencing token, the fence of the last write, as every reader's does. Upgrade (read to write) is not offered:
 * two readers upgrading at once would wait for each other. Thread-safe.
 */
public interface ReadWriteLock {

    /** {@return the lock's name, as given to {@link Hasp#readWriteLock(String)}} */
    String name();

    /** {@return the read side: shared among readers, excluded by a writer or a waiting writer} */
    Lock readLock();

    /** {@return the write side: exclusive} */
    Lock writeLock();

    /**
     * Turns a write lease of this lock into a read lease without a gap: one script ends the writer's hold and adds
     * the reader's, so no other writer can be granted in between. The write lease ends (as if released; closing it
     * later does nothing); the read lease has its own token, this handle's options (watchdog or fixed lease time,
     * counted from now) and the write lease's {@link Lease#fencingToken() fencing token}. Admitted even while a
     * writer waits, since the holder only gives up rights.
     *
     * @param writeLease a lease from {@link #writeLock()} of a read-write lock of this name on this client
     * @return the read lease
     * @throws HaspArgumentException if {@code writeLease} is null or not a write lease of this lock on this client
     * @throws LockNotHeldException if the write lease was already released (or downgraded)
     * @throws LockLostException if the write lease was lost: nothing was written, and no read lease exists
     * @throws RedisUnavailableException if Redis did not answer in time: the write lease is then marked lost (it may
     *     be released, safely) and any read entry the script may have made is released by its token
     */
    Lease downgrade(Lease writeLease);

    /**
     * {@link #downgrade(Lease)} without blocking; its future completes on the client's executor. Cancelling it does
     * not stop the downgrade (the write lease ends either way, once sent); a read lease granted after the cancel is
     * released.
     *
     * @param writeLease a lease from {@link #writeLock()} of a read-write lock of this name on this client
     * @return a future of the read lease; it fails with the exceptions {@link #downgrade(Lease)} throws
     */
    CompletableFuture<Lease> downgradeAsync(Lease writeLease);
}
