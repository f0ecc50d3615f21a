package io.hasp.internal;

import io.hasp.ClientClosedException;
import io.hasp.HaspArgumentException;
import io.hasp.KeyConflictException;
import io.hasp.Lease;
import io.hasp.LockLostException;
import io.hasp.LockNotHeldException;
import io.hasp.LockOptions;
import io.lettuce.core.RedisCommandTimeoutException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A held lock, owned by its token.
 *
 * <p>Design note. State: {@code released} (set once a release is under way; reset only if that release failed to
 * reach Redis, so it can be retried), {@code lost} (set once, when Redis showed the lock is not ours or validity ran
 * out), and {@code validUntil}, the monotonic instant until which the lease is known valid. Validity is measured from
 * the moment a command was <em>sent</em>, never from its reply, and follows the newest-sent confirmed extend or
 * renewal ({@link #confirmExtend}): each one sets the key's TTL anew, so a shorter one shortens the lease, while an
 * older extend answering late cannot override a newer one ({@code validitySentAt} orders them).
 * The client's {@link LeaseWatchdog} drives renewals ({@code renewing} keeps one in flight at a time) and calls
 * {@link #tick} to notice the end of validity. A fair lock's hand-off starts the lease short; a watchdog lease then
 * renews as usual, and a fixed lease gets one top-up to its full time ({@code toppingUp}), both due a third of the
 * way into the hand-off lease, so a critical section shorter than that costs no extra command. The loss signal completes
 * once, on the client's executor, never on an I/O thread (unless the executor refuses it: then where the loss was
 * found, rather than never); it is made only when asked for or when the loss happens
 * (most leases are never lost and nobody asks), under the lease's monitor, which also orders the loss and the
 * confirmed extends and is held for a few field writes only. The flags are plain volatile fields set by
 * compare-and-set through {@link VarHandle}s, not an atomic object each, since a lease is made per acquire.
 * Thread-safe; nothing blocks beyond those short monitors.
 *
 * <p>A release first offers the lock to the next waiter of this client ({@link WaitLines#claimHandOff}); if one
 * is claimed, one script passes the lock to its token with a new fence and publishes nothing, and the waiter's lease
 * counts its validity from the moment that script was sent; at the end of a run of hand-offs the same script
 * releases instead if another client waits. Otherwise (or if the hand-off cannot be done) it is the plain
 * compare-and-delete.
 */
final class RedisLease implements Lease {
    private static final Logger LOG = LoggerFactory.getLogger(RedisLease.class);
    private static final long MIN_RENEW_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final VarHandle RELEASED = field("released");
    private static final VarHandle CLOSED = field("closed");
    private static final VarHandle RENEWING = field("renewing");

    private final LockContext context;
    private final LockKeys keys;
    private final String token;
    private final long fence;
    private final LockOptions options;
    // Set by compare-and-set through RELEASED, CLOSED and RENEWING (see the design note).
    private volatile boolean released;
    private volatile boolean closed;
    private volatile boolean renewing;
    /** Made when first asked for, by lost() or by the loss; guarded by {@code this}. */
    private CompletableFuture<LockLostException> lostSignal;
    private volatile long validUntil;
    /** When the command that set {@code validUntil} was sent; guarded by {@code this}. */
    private long validitySentAt;
    private volatile long nextRenewAt;
    /** A handed-off fixed lease not yet extended to its full time, which ends at {@code topUpEnd}. */
    private volatile boolean toppingUp;
    private long topUpEnd;
    private volatile LockLostException lost;
    /** Whether waiters were registered when the lock was granted: the release must then be able to notify. */
    private final boolean waitersSeen;
    /** When the acquire that granted the lease was sent (or the lease was handed over), for the held time. */
    private final long heldSince;

    RedisLease(LockContext context, LockKeys keys, String token, long fence, LockOptions options, long sentAt) {
        this(context, keys, token, fence, options, sentAt, false);
    }

    private RedisLease(LockContext context, LockKeys keys, String token, long fence, LockOptions options, long sentAt,
            boolean waitersSeen) {
        this.context = context;
        this.keys = keys;
        this.token = token;
        this.fence = fence;
        this.options = options;
        this.waitersSeen = waitersSeen;
        this.heldSince = sentAt;
        this.validUntil = validityEnd(sentAt, options.leaseTime());
        this.validitySentAt = sentAt;
        this.nextRenewAt = options.watchdogEnabled() ? sentAt + options.renewInterval().toNanos() : Long.MAX_VALUE;
    }

    /** A lease taken by an acquire sent at {@code sentAt}, which saw registered waiters or not. */
    static RedisLease granted(LockContext context, LockKeys keys, String token, long fence, LockOptions options,
            long sentAt, boolean waitersSeen) {
        return new RedisLease(context, keys, token, fence, options, sentAt, waitersSeen);
    }

    /**
     * A lease handed over by someone else's script with a short hand-off lease of {@code handOffMillis}, known valid
     * until {@code validUntil} (a lower bound computed by the caller). A third of the way to that end, if it is still
     * held, a watchdog lease renews to its full lease and a fixed lease longer than the hand-off is extended to end
     * its full lease time after now.
     */
    static RedisLease handedOff(LockContext context, LockKeys keys, String token, long fence, LockOptions options,
            long validUntil, long handOffMillis) {
        long now = context.ticker().read();
        RedisLease lease = new RedisLease(context, keys, token, fence, options, now, true);
        lease.validUntil = validUntil;
        lease.nextRenewAt = now + Math.max(0, validUntil - now) / 3;
        if (!options.watchdogEnabled() && options.leaseTime().toMillis() > handOffMillis) {
            lease.topUpEnd = now + options.leaseTime().toNanos();
            lease.toppingUp = true;
        }
        return lease;
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
        if (released || lost != null) {
            return Duration.ZERO;
        }
        long left = validUntil - context.ticker().read();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    @Override
    public boolean isValid() {
        return !released && lost == null && validUntil - context.ticker().read() > 0;
    }

    @Override
    public CompletionStage<LockLostException> lost() {
        return lostSignal().minimalCompletionStage();
    }

    @Override
    public void checkValid() {
        if (released) {
            throw new LockNotHeldException(keys.name(), describe() + "the lease was released");
        }
        LockLostException reason = lost;
        if (reason != null) {
            throw new LockLostException(keys.name(), reason.getMessage());
        }
        if (validUntil - context.ticker().read() <= 0) {
            throw new LockLostException(keys.name(), describe() + "the lease's validity ran out");
        }
    }

    @Override
    public void extend(Duration leaseTime) {
        Futures.join(extendInternal(leaseTime));
    }

    @Override
    public CompletableFuture<Void> extendAsync(Duration leaseTime) {
        return Futures.handOff(extendInternal(leaseTime), context.executor());
    }

    private CompletableFuture<Void> extendInternal(Duration leaseTime) {
        Arguments.checkRange("leaseTime", leaseTime, LockOptions.MIN_LEASE_TIME, LockOptions.MAX_LEASE_TIME);
        if (context.lifecycle().isClosed()) {
            return CompletableFuture.failedFuture(new ClientClosedException(keys.name()));
        }
        if (released) {
            return CompletableFuture.failedFuture(new LockNotHeldException(keys.name(),
                    describe() + "cannot extend a released lease"));
        }
        long sentAt = context.ticker().read();
        CompletableFuture<Boolean> reply;
        try {
            reply = context.backend().extend(keys, token, leaseTime.toMillis(), validUntil);
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        return reply.handle((extended, failure) -> {
            if (failure != null) {
                RuntimeException mapped = failureOf("extend", failure);
                LOG.warn("lock '{}' token {}: extend failed: {}", keys.name(), tokenPrefix(), mapped.getMessage());
                throw mapped;
            }
            if (!extended && released) {
                // Released while the extend was in flight: the release, not a loss, took the lock away.
                throw new LockNotHeldException(keys.name(), describe() + "the lease was released during the extend");
            }
            if (!extended) {
                LOG.warn("lock '{}' token {}: extend found the lock no longer ours", keys.name(), tokenPrefix());
                throw markLost("the lock is no longer held by this lease (it expired, and may be held by another)");
            }
            confirmExtend(sentAt, leaseTime);
            return null;
        });
    }

    /**
     * Whether this lease still holds the lock, confirmed by Redis in one round trip: it is valid here and Redis
     * still has its token. A lease found gone is marked lost, so its holder hears of it as after a failed renewal.
     * Fails with a mapped Redis error if Redis did not answer.
     */
    CompletableFuture<Boolean> confirmHeld() {
        if (!isValid()) {
            return CompletableFuture.completedFuture(false);
        }
        return context.backend().holds(keys, token, validUntil).handle((holds, failure) -> {
            if (failure != null) {
                throw RedisErrors.map(keys.name(), "hold check", failure);
            }
            if (!holds && !released) {
                LOG.warn("lock '{}' token {}: a hold check found the lock no longer ours", keys.name(), tokenPrefix());
                markLost("the lock is no longer held by this lease (it expired or was force-released, and may be"
                        + " held by another)");
            }
            return holds && isValid();
        });
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
        if (context.lifecycle().isClosed()) {
            // Checked before the lease is marked released: nothing was sent, the key lives on, and a later call
            // must not report it gone.
            return CompletableFuture.failedFuture(new ClientClosedException(keys.name()));
        }
        if (!RELEASED.compareAndSet(this, false, true)) {
            return CompletableFuture.completedFuture(false);
        }
        stopWatching();
        HandOffClaim next = context.backend().handsOffLocally() ? context.waitLines().claimHandOff(keys) : null;
        return reported(next != null ? handOff(next) : plainRelease());
    }

    /** Tells the client's listeners how {@code release} ended. */
    private CompletableFuture<Boolean> reported(CompletableFuture<Boolean> release) {
        LockEvents events = context.events();
        if (events.active()) {
            release.whenComplete((wasOurs, failure) ->
                    events.released(keys.name(), heldSince, context.ticker().read(), wasOurs, failure));
        }
        return release;
    }

    /** The keys this lease holds. */
    LockKeys keys() {
        return keys;
    }

    /** What this lease was granted in: its backend tells which kind of hold it is, its watchdog which client. */
    LockContext context() {
        return context;
    }

    /**
     * Ends this lease by a script that turns its hold into another one in the same step (a read-write lock's
     * downgrade) instead of releasing it: {@code convert} is given the token and answers whether the hold was still
     * this lease's. The lease is marked released first, as by a release, and its watchdog stops. Fails with
     * {@link LockNotHeldException} if it was released already; with {@link LockLostException} if it was known lost
     * (nothing sent; it can still be released) or Redis no longer held it (nothing written there); as a failed
     * release does if the outcome is unknown (the lease is marked lost and may be released again, safely). A
     * {@link KeyConflictException} (the script found foreign data and wrote nothing) leaves the lease as it was.
     */
    CompletableFuture<Void> endBy(String operation, Function<String, CompletableFuture<Boolean>> convert) {
        if (context.lifecycle().isClosed()) {
            return CompletableFuture.failedFuture(new ClientClosedException(keys.name()));
        }
        if (!RELEASED.compareAndSet(this, false, true)) {
            return CompletableFuture.failedFuture(new LockNotHeldException(keys.name(),
                    describe() + "cannot " + operation + " a released lease"));
        }
        stopWatching();
        LockLostException known = lost;
        if (known != null) {
            released = false; // nothing was sent: a release can still clean up by the token
            return CompletableFuture.failedFuture(new LockLostException(keys.name(), known.getMessage()));
        }
        CompletableFuture<Boolean> reply;
        try {
            reply = convert.apply(token);
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        return reply.handle((ours, failure) -> {
            if (RedisErrors.unwrap(failure) instanceof KeyConflictException refused) {
                // The script found foreign data and wrote nothing: the lease holds as before.
                released = false;
                context.watchdog().watch(this);
                return CompletableFuture.<Boolean>failedFuture(refused);
            }
            return reported(failure != null ? releaseFailed(failure) : CompletableFuture.completedFuture(ours));
        }).thenCompose(f -> f).thenApply(ours -> {
            if (!ours) {
                LOG.warn("lock '{}' token {}: {} found the lock no longer ours", keys.name(), tokenPrefix(), operation);
                throw markLost(operation + " found the lock no longer held by this lease (it expired or was"
                        + " force-released, and may be held by another)");
            }
            return null;
        });
    }

    @Override
    public boolean releaseAfter(Duration delay) {
        if (delay == null || delay.isNegative()) {
            throw new HaspArgumentException("delay must be zero or positive, got " + delay);
        }
        if (delay.compareTo(LockOptions.MIN_LEASE_TIME) < 0) {
            return release();
        }
        Arguments.checkRange("delay", delay, LockOptions.MIN_LEASE_TIME, LockOptions.MAX_LEASE_TIME);
        if (!RELEASED.compareAndSet(this, false, true)) {
            return false;
        }
        stopWatching();
        return Futures.join(reported(context.backend().extend(keys, token, delay.toMillis(), validUntil)
                .handle((ours, failure) -> failure != null ? releaseFailed(failure)
                        : CompletableFuture.completedFuture(checkedOurs(ours)))
                .thenCompose(f -> f)));
    }

    /** Ends the watchdog's renewals of a lease being released, telling its holder if validity ran out first. */
    private void stopWatching() {
        context.watchdog().forget(this);
        if (lost == null && validUntil - context.ticker().read() <= 0) {
            // Released after its validity ended but before the watchdog's tick noticed: the holder still hears of it.
            markLost("the lease's validity ran out before it was released");
        }
    }

    /**
     * Hands the lock to the claimed local waiter of {@code claim} (or, once its run reached the fairness bound,
     * releases it for another client if one waits); releases normally if the script cannot hand off.
     */
    private CompletableFuture<Boolean> handOff(HandOffClaim claim) {
        HandOffReceiver next = claim.receiver();
        long sentAt = context.ticker().read();
        CompletableFuture<Long> reply;
        try {
            reply = context.backend().handOff(keys, token, claim);
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        // One stage per hand-off, not a handle and a compose: this runs once per section of a busy lock.
        CompletableFuture<Boolean> outcome = new CompletableFuture<>();
        reply.whenComplete((fence, failure) -> {
            try {
                settleHandOff(fence, failure, next, sentAt, outcome);
            } catch (RuntimeException e) {
                outcome.completeExceptionally(e); // as a stage would: the caller never waits forever
            }
        });
        return outcome;
    }

    /** The hand-off script answered {@code fence} (or failed): tells the waiter, then completes {@code outcome}. */
    private void settleHandOff(Long fence, Throwable failure, HandOffReceiver next, long sentAt,
            CompletableFuture<Boolean> outcome) {
        if (failure != null) {
            next.handOffFailed(failure); // the waiter releases by its token whatever the script did
            forward(releaseFailed(failure), outcome);
            settleIfUnanswered(failure);
        } else if (fence > 0) {
            next.handedOver(fence, sentAt); // the waiter owns the lock now: it hears so before any listener
            context.events().handedOff(keys.name());
            outcome.complete(true);
        } else if (fence == LockBackend.YIELDED) {
            next.yielded();
            outcome.complete(true);
        } else {
            next.notHandedOver();
            forward(fence == LockBackend.NOT_OURS ? CompletableFuture.completedFuture(checkedOurs(false))
                    : plainRelease(), outcome);
        }
    }

    private static void forward(CompletableFuture<Boolean> from, CompletableFuture<Boolean> to) {
        from.whenComplete((value, failure) -> {
            if (failure != null) {
                to.completeExceptionally(failure);
            } else {
                to.complete(value);
            }
        });
    }

    /**
     * A release or hand-off of this lease that went unanswered past the command timeout ({@code failure}) was followed
     * by its backend's clean-up by the token, sent behind it ({@link SingleNodeBackend#release}), which frees the
     * lock once the server wakes even where the release never ran. A read of the lock sent behind both (after the
     * caller heard the failure, and its listeners {@code FAILED}) tells whether the lock is free now. If it is, and no
     * retry of the release started meanwhile, the lease counts as released (a retry returns {@code false} and sends
     * nothing) and the listeners hear how the release ended after all: {@code RELEASED}, or {@code EXPIRED} if the
     * answer came after the lease's validity, when the key may have expired first (as a retry would report it).
     * Answered before then, the key cannot have expired: our release or its clean-up removed it (or handed it on).
     * If the read finds the lock still ours or goes unanswered too, nothing more is reported, as before: the lock ends
     * with its lease time unless a retry releases it. Only after a command timeout: a Redlock release decides by
     * majority and reports no single command's timeout, and its read would count a silent majority as "not ours".
     */
    private void settleIfUnanswered(Throwable failure) {
        if (!(RedisErrors.unwrap(failure) instanceof RedisCommandTimeoutException)) {
            return;
        }
        CompletableFuture<Boolean> read;
        try {
            read = context.backend().holds(keys, token, Long.MAX_VALUE);
        } catch (RuntimeException closing) { // the driver refuses synchronously, e.g. on a connection being closed
            return;
        }
        read.whenComplete((stillOurs, unanswered) -> {
            if (unanswered != null || stillOurs || !RELEASED.compareAndSet(this, false, true)) {
                return;
            }
            long now = context.ticker().read();
            boolean beforeExpiry = now - validUntil < 0;
            LOG.info("lock '{}' token {}: the release that went unanswered is settled: the lock is {}", keys.name(),
                    tokenPrefix(), beforeExpiry ? "free, released by it or by the clean-up by token sent behind it"
                            : "free (its lease may have expired first)");
            context.events().released(keys.name(), heldSince, now, beforeExpiry, null);
        });
    }

    private CompletableFuture<Boolean> releaseFailed(Throwable failure) {
        return CompletableFuture.failedFuture(releaseFailure(failure));
    }

    /** A release whose outcome is unknown: marks the lease so, and returns what the caller is told. */
    private RuntimeException releaseFailure(Throwable failure) {
        released = false; // a retry stays possible and safe (it compares the token)
        // The release may have run: the lease can no longer be proven valid, so it must not claim validity again.
        markLost("a release of unknown outcome may have deleted the lock");
        RuntimeException mapped = failureOf("release", failure);
        LOG.warn("lock '{}' token {}: release failed: {}", keys.name(), tokenPrefix(), mapped.getMessage());
        return mapped;
    }

    /** What a failed {@code operation} tells the caller: the client closed under it, or the mapped Redis failure. */
    private RuntimeException failureOf(String operation, Throwable failure) {
        return context.lifecycle().failure(keys, operation, failure);
    }

    private boolean checkedOurs(boolean wasOurs) {
        if (!wasOurs) {
            LOG.warn("lock '{}' token {}: release found the lock no longer held (it expired before release)",
                    keys.name(), tokenPrefix());
        }
        return wasOurs;
    }

    private CompletableFuture<Boolean> plainRelease() {
        boolean mayHaveWaiters = waitersSeen || context.waitLines().hasLocalWaiters(keys);
        CompletableFuture<Boolean> reply;
        try {
            reply = context.backend().release(keys, token, mayHaveWaiters);
        } catch (RuntimeException e) { // the driver refuses synchronously, e.g. on a connection being closed
            reply = CompletableFuture.failedFuture(e);
        }
        // One stage, not a handle and a compose: this runs once per uncontended cycle.
        CompletableFuture<Boolean> outcome = new CompletableFuture<>();
        reply.whenComplete((wasOurs, failure) -> {
            try {
                if (failure != null) {
                    outcome.completeExceptionally(releaseFailure(failure));
                    settleIfUnanswered(failure);
                } else {
                    outcome.complete(checkedOurs(wasOurs));
                }
            } catch (RuntimeException e) {
                outcome.completeExceptionally(e); // as a stage would: the caller never waits forever
            }
        });
        return outcome;
    }

    @Override
    public void close() {
        if (!CLOSED.compareAndSet(this, false, true) || released) {
            return;
        }
        try {
            release();
        } catch (RuntimeException e) {
            LOG.warn("lock '{}' token {}: close could not release; the lock ends with its lease time", keys.name(),
                    tokenPrefix());
        }
    }

    /**
     * Releases without waiting, for a lease nobody will see (granted after its caller gave up, or too late to be
     * valid). Nobody hears the answer, so it is a {@link LockBackend#cleanUp}: a release by EVALSHA to a server that
     * never ran the release script and fell silent would be answered NOSCRIPT too late to send the script's text, and
     * the lock would stay for its lease. Never blocks.
     */
    void abandon() {
        closed = true;
        if (context.lifecycle().isClosed() || !RELEASED.compareAndSet(this, false, true)) {
            return;
        }
        stopWatching();
        CompletableFuture<Boolean> cleanUp;
        try {
            cleanUp = context.backend().cleanUp(keys, token);
        } catch (RuntimeException e) { // the driver refuses synchronously, e.g. on a connection being closed
            cleanUp = CompletableFuture.failedFuture(e);
        }
        reported(cleanUp);
    }

    /** The next instant the watchdog must look at this lease: its renewal, or the end of its validity. */
    long nextEventAt() {
        long end = validUntil;
        if (renews() && nextRenewAt - end < 0) {
            return nextRenewAt;
        }
        return end;
    }

    /**
     * Called by the watchdog at {@code now}: declares the lease lost if its validity ended, starts a renewal if one is
     * due. Returns whether the watchdog should keep watching.
     */
    boolean tick(long now) {
        if (released || lost != null) {
            return false;
        }
        if (validUntil - now <= 0) {
            String reason = renews() ? "the lease's validity ran out before a renewal was confirmed"
                    : "its fixed lease time of " + options.leaseTime() + " ran out (a fixed lease is never renewed;"
                    + " extend it with Lease.extend or use the watchdog)";
            LOG.warn("lock '{}' token {}: {}; the lease is lost", keys.name(), tokenPrefix(), reason);
            markLost(reason);
            return false;
        }
        if (renews() && nextRenewAt - now <= 0 && RENEWING.compareAndSet(this, false, true)) {
            // Provisional, so the watchdog does not spin on a renewal in flight; its answer sets the real one.
            nextRenewAt = now + options.renewInterval().toNanos();
            renew(now);
        }
        return true;
    }

    /**
     * The watchdog's tick of this lease threw {@code failure} (a bug): the lease is no longer watched or renewed, so it
     * is declared lost, and logged once; the full token never shows, even where the failure's message has it.
     */
    void watchFailed(Throwable failure) {
        String cause = failure.toString().replace(token, tokenPrefix() + "...");
        LOG.warn("lock '{}' token {}: the watchdog failed on this lease ({}); the lease is lost", keys.name(),
                tokenPrefix(), cause);
        markLost("the watchdog failed on this lease and can no longer renew or watch it: " + cause);
    }

    /** Whether the watchdog sends this lease renewals: a watchdog lease, or a handed-off one awaiting its top-up. */
    private boolean renews() {
        return options.watchdogEnabled() || toppingUp;
    }

    private void renew(long sentAt) {
        boolean topUp = toppingUp;
        Duration leaseTime = topUp ? Duration.ofMillis(Math.max(1, TimeUnit.NANOSECONDS.toMillis(topUpEnd - sentAt)))
                : options.watchdogLeaseTime();
        context.backend().extend(keys, token, leaseTime.toMillis(), validUntil).whenComplete((extended, failure) -> {
            renewing = false;
            if (released) {
                return;
            }
            if (failure != null) {
                long retry = Math.max(MIN_RENEW_RETRY_NANOS, (validUntil - context.ticker().read()) / 4);
                nextRenewAt = context.ticker().read() + Math.min(retry, options.renewInterval().toNanos());
                RuntimeException mapped = RedisErrors.map(keys.name(), "renewal", failure);
                LOG.warn("lock '{}' token {}: renewal failed, retrying: {}", keys.name(), tokenPrefix(),
                        mapped.getMessage());
                context.events().renewalFailed(keys.name(), mapped);
            } else if (!extended) {
                LOG.warn("lock '{}' token {}: renewal found the lock no longer ours; the lease is lost", keys.name(),
                        tokenPrefix());
                markLost("a renewal found the lock gone or held by another token");
                return;
            } else {
                confirmExtend(sentAt, leaseTime);
                if (topUp) {
                    toppingUp = false; // a fixed lease: nothing more to renew
                } else {
                    nextRenewAt = sentAt + options.renewInterval().toNanos();
                }
            }
            context.watchdog().wakeBy(nextEventAt());
        });
    }

    /** Records the loss once and signals it off the I/O threads; returns the exception describing it. */
    LockLostException markLost(String reason) {
        LockLostException exception = new LockLostException(keys.name(), describe() + reason);
        synchronized (this) {
            if (lost != null) {
                return lost;
            }
            lost = exception;
        }
        context.watchdog().forget(this);
        try {
            context.executor().execute(() -> lostSignal().complete(exception));
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable refused) {
            // The executor is shut down (before the client, say), saturated, or failing in a way of its own: the
            // holder still hears of the loss, here, and the watchdog round or the close that marked it goes on with
            // the other leases.
            lostSignal().complete(exception);
        }
        context.events().lost(keys.name(), exception);
        return exception;
    }

    private long validityEnd(long sentAt, Duration leaseTime) {
        return sentAt + leaseTime.toNanos() - options.driftNanos(leaseTime);
    }

    /** Records a confirmed extend or renewal sent at {@code sentAt}, unless a newer-sent one is already recorded. */
    private synchronized void confirmExtend(long sentAt, Duration leaseTime) {
        if (sentAt - validitySentAt >= 0) {
            validitySentAt = sentAt;
            validUntil = validityEnd(sentAt, leaseTime);
        }
    }

    private synchronized CompletableFuture<LockLostException> lostSignal() {
        if (lostSignal == null) {
            lostSignal = new CompletableFuture<>();
        }
        return lostSignal;
    }

    private static VarHandle field(String name) {
        try {
            return MethodHandles.lookup().findVarHandle(RedisLease.class, name, boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private String describe() {
        return "lock '" + keys.name() + "' token " + tokenPrefix() + ": ";
    }

    @Override
    public String toString() {
        return "Lease{lock=" + keys.name() + ", token=" + tokenPrefix() + "..., fence=" + fence + ", remaining="
                + remaining() + '}';
    }
}
