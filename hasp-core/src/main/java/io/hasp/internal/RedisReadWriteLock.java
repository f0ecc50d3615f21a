package io.hasp.internal;

import io.hasp.HaspArgumentException;
import io.hasp.Lease;
import io.hasp.Lock;
import io.hasp.LockOptions;
import io.hasp.ReadWriteLock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A read-write lock handle: two {@link RedisLock}s on the same keys, each over its side's {@link ReadWriteBackend}
 * in a copy of the client's {@link LockContext}, and the downgrade from one side to the other. Immutable and
 * thread-safe.
 */
final class RedisReadWriteLock implements ReadWriteLock {
    private final LockKeys keys;
    private final LockOptions options;
    private final LockContext readContext;
    private final ReadWriteBackend readBackend;
    private final Lock readLock;
    private final Lock writeLock;

    RedisReadWriteLock(LockContext context, ScriptRunner scripts, SingleNodeBackend writer, LockKeys keys,
            LockOptions options) {
        this.keys = keys;
        this.options = options;
        long intentMillis = options.waiterHeartbeat().toMillis();
        this.readBackend = new ReadWriteBackend(scripts, writer, false, intentMillis);
        this.readContext = context.withBackend(readBackend);
        this.readLock = new RedisLock(readContext, keys, options);
        this.writeLock = new RedisLock(context.withBackend(new ReadWriteBackend(scripts, writer, true, intentMillis)),
                keys, options);
    }

    @Override
    public String name() {
        return keys.name();
    }

    @Override
    public Lock readLock() {
        return readLock;
    }

    @Override
    public Lock writeLock() {
        return writeLock;
    }

    @Override
    public Lease downgrade(Lease writeLease) {
        return Futures.join(downgradeInternal(writeLease));
    }

    @Override
    public CompletableFuture<Lease> downgradeAsync(Lease writeLease) {
        CompletableFuture<RedisLease> downgraded = downgradeInternal(writeLease);
        return RedisLock.external(downgraded, downgraded.thenApply(Lease.class::cast), readContext.executor());
    }

    /**
     * The write lease ends by the downgrade script; the read lease's validity counts from when that script was sent.
     * If its outcome is unknown, the reader entry it may have made is released by its token (fire and forget); if the
     * caller gave up meanwhile (cancelled), the read lease is released.
     */
    private CompletableFuture<RedisLease> downgradeInternal(Lease writeLease) {
        RedisLease write = writeLeaseOf(writeLease);
        String readToken = Tokens.newToken();
        long leaseMillis = options.leaseTime().toMillis();
        LockEvents events = readContext.events();
        long sentAt = readContext.ticker().read();
        AtomicBoolean sent = new AtomicBoolean();
        CompletableFuture<RedisLease> result = new CompletableFuture<>();
        events.acquiring(keys.name());
        write.endBy("downgrade", writeToken -> {
            sent.set(true);
            return readBackend.downgrade(keys, writeToken, readToken, leaseMillis);
        }).whenComplete((done, failure) -> {
            if (failure != null) {
                events.acquired(keys.name(), sentAt, readContext.ticker().read(), null, failure);
                if (sent.get()) { // harmless if the script wrote nothing: the release compares the token
                    readBackend.cleanUp(keys, readToken);
                }
                result.completeExceptionally(RedisErrors.unwrap(failure));
                return;
            }
            RedisLease read = RedisLease.granted(readContext, keys, readToken, write.fencingToken(), options, sentAt,
                    true);
            readContext.watchdog().watch(read);
            events.acquired(keys.name(), sentAt, readContext.ticker().read(), read, null);
            if (!result.complete(read)) {
                read.abandon();
            }
        });
        return result;
    }

    /** The write lease of this lock on this client that {@code lease} is, or a HaspArgumentException. */
    private RedisLease writeLeaseOf(Lease lease) {
        Arguments.notNull("writeLease", lease);
        if (lease instanceof RedisLease held && held.keys().equals(keys)
                && held.context().backend() instanceof ReadWriteBackend side && side.writes()
                && held.context().watchdog() == readContext.watchdog()) {
            return held;
        }
        throw new HaspArgumentException("downgrade of read-write lock '" + keys.name() + "' needs a lease from its"
                + " writeLock() on this client, got " + lease);
    }

    @Override
    public String toString() {
        return "ReadWriteLock{" + keys.name() + '}';
    }
}
