package io.hasp.internal;

import io.hasp.Lease;
import io.hasp.LockLostException;
import io.hasp.LockNotHeldException;
import io.hasp.LockOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A held lock, owned by its token.
 *
 * <p>Design note. Two pieces of state: {@code released} (set once a release is under way; reset only if that release
 * failed to reach Redis, so it can be retried) and {@code validUntil}, the monotonic instant until which the lease is
 * known valid. Validity is always measured from the moment a command was sent, never from its reply, and only ever
 * moves forward on a confirmed extend (an extend sent earlier that answers later cannot shorten a newer one, since
 * {@link #raiseValidity} keeps the maximum). A lost lease drops validity to zero. Thread-safe without locks.
 */
final class RedisLease implements Lease {
    private static final Logger LOG = LoggerFactory.getLogger(RedisLease.class);

    private final LockContext context;
    private final LockKeys keys;
    private final String token;
    private final long fence;
    private final LockOptions options;
    private final AtomicBoolean released = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long validUntil;
    private volatile boolean lost;

    RedisLease(LockContext context, LockKeys keys, String token, long fence, LockOptions options, long sentAt) {
        this.context = context;
        this.keys = keys;
        this.token = token;
        this.fence = fence;
        this.options = options;
        this.validUntil = validityEnd(sentAt, options.leaseTime());
    }

    @Override
    public String lockName() {
        return keys.name();
    }

    @Override
    public long fencingToken() {
        return fence;
    }

    @Override
    public String tokenPrefix() {
        return Tokens.shortForm(token);
    }

    @Override
    public Duration remaining() {
        if (released.get() || lost) {
            return Duration.ZERO;
        }
        long left = validUntil - context.ticker().read();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    @Override
    public boolean isValid() {
        return !released.get() && !lost && validUntil - context.ticker().read() > 0;
    }

    @Override
    public void extend(Duration leaseTime) {
        Futures.join(extendAsync(leaseTime));
    }

    @Override
    public CompletableFuture<Void> extendAsync(Duration leaseTime) {
        Arguments.checkLeaseTime("leaseTime", leaseTime);
        if (released.get()) {
            return CompletableFuture.failedFuture(new LockNotHeldException(keys.name(),
                    "lock '" + keys.name() + "' token " + tokenPrefix() + ": cannot extend a released lease"));
        }
        long sentAt = context.ticker().read();
        CompletableFuture<Void> done = context.backend().extend(keys, token, leaseTime.toMillis())
                .handle((extended, failure) -> {
                    if (failure != null) {
                        RuntimeException mapped = RedisErrors.map(keys.name(), "extend", failure);
                        LOG.warn("lock '{}' token {}: extend failed: {}", keys.name(), tokenPrefix(),
                                mapped.getMessage());
                        throw mapped;
                    }
                    if (!extended) {
                        markLost();
                        LOG.warn("lock '{}' token {}: extend found the lock no longer ours", keys.name(),
                                tokenPrefix());
                        throw new LockLostException(keys.name(), "lock '" + keys.name() + "' token " + tokenPrefix()
                                + ": the lock is no longer held by this lease (it expired, and may be held by another)");
                    }
                    raiseValidity(validityEnd(sentAt, leaseTime));
                    return null;
                });
        return Futures.handOff(done, context.executor());
    }

    @Override
    public boolean release() {
        return Futures.join(releaseInternal());
    }

    @Override
    public CompletableFuture<Boolean> releaseAsync() {
        return Futures.handOff(releaseInternal(), context.executor());
    }

    private CompletableFuture<Boolean> releaseInternal() {
        if (!released.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(false);
        }
        return context.backend().release(keys, token).handle((wasOurs, failure) -> {
            if (failure != null) {
                released.set(false); // nothing is known to be deleted: a retry stays possible and safe
                RuntimeException mapped = RedisErrors.map(keys.name(), "release", failure);
                LOG.warn("lock '{}' token {}: release failed: {}", keys.name(), tokenPrefix(), mapped.getMessage());
                throw mapped;
            }
            if (!wasOurs) {
                LOG.warn("lock '{}' token {}: release found the lock no longer held (it expired before release)",
                        keys.name(), tokenPrefix());
            }
            return wasOurs;
        });
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true) || released.get()) {
            return;
        }
        try {
            release();
        } catch (RuntimeException e) {
            LOG.warn("lock '{}' token {}: close could not release; the lock ends with its lease time", keys.name(),
                    tokenPrefix());
        }
    }

    /** Releases without waiting, for a lease nobody will see (granted after its caller gave up). Never blocks. */
    void abandon() {
        closed.set(true);
        releaseInternal().whenComplete((wasOurs, failure) -> { });
    }

    private void markLost() {
        lost = true;
    }

    private long validityEnd(long sentAt, Duration leaseTime) {
        return sentAt + leaseTime.toNanos() - options.driftNanos(leaseTime);
    }

    private synchronized void raiseValidity(long candidate) {
        if (candidate - validUntil > 0) {
            validUntil = candidate;
        }
    }

    @Override
    public String toString() {
        return "Lease{lock=" + keys.name() + ", token=" + tokenPrefix() + "..., fence=" + fence + ", remaining="
                + remaining() + '}';
    }
}
