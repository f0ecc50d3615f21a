package io.hasp.internal;

import io.hasp.ClientClosedException;
import io.hasp.LockOptions;
import io.hasp.RedisUnavailableException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One acquire call: attempts until the lock is granted, the wait runs out, Redis fails, or the caller cancels.
 *
 * <p>Design note. The loop owns one result future; everything else is continuations on I/O or timer threads that
 * never block. There is at most one attempt or one pause in flight at a time, so the loop needs no lock: each step
 * starts the next one from its own completion. Cancellation is the result future completing early; every step checks
 * it before doing anything. The one race that matters is a grant arriving after the caller gave up: the step then
 * fails to complete the result and releases the lease by its token, so nothing stays locked on our behalf. A failed
 * attempt (timeout, connection loss) may still have been applied by Redis, so it is also cleaned up by token.
 *
 * <p>A waiting call (wait above zero) takes a {@link WaitTurn} from the client's wait strategy: the turn says when
 * to attempt (its start, and each retry), what each attempt registers in Redis, and is left exactly once when the
 * result completes, whatever completed it.
 *
 * <p>A release by this client may hand the lock straight to a waiting call ({@link HandOffReceiver}): the turn then
 * suppresses the call's own attempts, and the hand-off's outcome arrives as if it were the reply to an attempt the
 * releaser sent on the call's behalf (its send time is the releaser's), so the rest of the loop is unchanged.
 */
final class AcquireLoop implements HandOffReceiver {
    private static final Logger LOG = LoggerFactory.getLogger(AcquireLoop.class);

    private final LockContext context;
    private final LockKeys keys;
    private final LockOptions options;
    private final long waitNanos;
    private final long deadline;
    private final String token = Tokens.newToken();
    /** The waiting call's place among the lock's waiters; null for a single attempt. */
    private final WaitTurn turn;
    /** Completes with the lease, with {@code null} when the wait ran out, or with the failure. */
    private final CompletableFuture<RedisLease> result = new CompletableFuture<>();
    private volatile CompletableFuture<Void> pause;
    private int attempt;

    private AcquireLoop(LockContext context, LockKeys keys, LockOptions options, long waitNanos) {
        this.context = context;
        this.keys = keys;
        this.options = options;
        this.waitNanos = waitNanos;
        this.deadline = context.ticker().read() + waitNanos;
        this.turn = waitNanos > 0 ? context.waitStrategy().join(keys, options) : null;
    }

    /** Starts the loop; cancelling the returned future abandons the wait. */
    static CompletableFuture<RedisLease> start(LockContext context, LockKeys keys, LockOptions options, long waitNanos) {
        AcquireLoop loop = new AcquireLoop(context, keys, options, waitNanos);
        loop.result.whenComplete((lease, failure) -> {
            CompletableFuture<Void> pending = loop.pause;
            if (pending != null) {
                pending.cancel(false);
            }
            if (loop.turn != null) {
                loop.turn.leave(lease != null);
            }
        });
        if (loop.turn == null) {
            loop.attempt();
        } else {
            loop.turn.acceptHandOffs(loop);
            try {
                loop.pauseThenAttempt(loop.turn.start(waitNanos));
            } catch (RuntimeException e) {
                loop.result.completeExceptionally(new ClientClosedException(keys.name()));
            }
        }
        return loop.result;
    }

    private void attempt() {
        if (result.isDone()) {
            return;
        }
        long leaseMillis = options.leaseTime().toMillis();
        long sentAt = context.ticker().read();
        CompletableFuture<AcquireReply> reply;
        try {
            context.lifecycle().checkOpen(keys.name());
            WaiterEntry entry = turn == null ? null : turn.beforeAttempt();
            if (entry == WaitTurn.CLAIMED) {
                return;
            }
            reply = entry == null ? context.backend().tryAcquire(keys, token, leaseMillis)
                    : context.backend().tryAcquire(keys, token, leaseMillis, entry);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        reply.whenComplete((r, failure) -> {
            if (turn != null) {
                turn.answered(failure == null ? r : null);
            }
            if (failure != null) {
                onFailure(failure);
            } else if (r.acquired()) {
                onGranted(r.fence(), sentAt, r.waiters());
            } else {
                onHeld(r.holderTtlMillis(), r.giveUp(), r.unavailable());
            }
        });
    }

    @Override
    public String token() {
        return token;
    }

    @Override
    public long leaseMillis() {
        return options.leaseTime().toMillis();
    }

    @Override
    public void handedOver(long fence, long sentAt) {
        onGranted(fence, sentAt, true); // others may still wait: the release must be able to notify
    }

    @Override
    public void notHandedOver() {
        onHeld(-1, false, null);
    }

    @Override
    public void handOffFailed(Throwable failure) {
        onFailure(failure);
    }

    private void onGranted(long fence, long sentAt, boolean waiters) {
        RedisLease lease = RedisLease.granted(context, keys, token, fence, options, sentAt, waiters);
        if (!lease.isValid()) {
            // The grant took longer than the lease minus drift: the lock may already be free for others. The retry
            // reuses the token, which is safe: each node gets the release before the retry on the same connection.
            LOG.info("lock '{}' token {}: granted too late to be valid; releasing and retrying", keys.name(),
                    Tokens.shortForm(token));
            lease.abandon();
            onHeld(-1, false, null);
            return;
        }
        if (turn != null) {
            // Before the caller can see the lease (and release it): the next local waiter must be in place to hear
            // that release. Dependents of the result would run in no useful order.
            turn.leave(true);
        }
        context.watchdog().watch(lease);
        if (!result.complete(lease)) {
            LOG.debug("lock '{}' token {}: granted after the caller gave up; releasing", keys.name(),
                    Tokens.shortForm(token));
            lease.abandon();
        }
    }

    /** Not granted this time: wait and retry, or end the wait (reporting {@code unavailable} if that is why). */
    private void onHeld(long holderTtlMillis, boolean giveUp, RedisUnavailableException unavailable) {
        long remaining = deadline - context.ticker().read();
        if (unavailable != null && (remaining <= 0 || giveUp)) {
            onFailure(unavailable);
            return;
        }
        if (remaining <= 0 || giveUp) {
            if (waitNanos > 0) {
                LOG.info("lock '{}' token {}: not acquired within {} ms after {} attempts (holder's lease {} ms)",
                        keys.name(), Tokens.shortForm(token), TimeUnit.NANOSECONDS.toMillis(waitNanos),
                        attempt + 1, holderTtlMillis);
            } else {
                LOG.debug("lock '{}' token {}: busy (holder's lease {} ms)", keys.name(), Tokens.shortForm(token),
                        holderTtlMillis);
            }
            result.complete(null);
            return;
        }
        CompletableFuture<Void> next;
        try {
            next = turn.awaitRetry(holderTtlMillis, attempt++, remaining, options.backoff());
        } catch (RuntimeException e) { // the client closed under us: its timer refuses new work
            result.completeExceptionally(new ClientClosedException(keys.name()));
            return;
        }
        pauseThenAttempt(next);
    }

    /** Attempts again when {@code next} completes, unless the call is over by then. */
    private void pauseThenAttempt(CompletableFuture<Void> next) {
        pause = next;
        if (result.isDone()) {
            next.cancel(false);
            return;
        }
        next.whenComplete((v, f) -> {
            if (f == null) {
                attempt();
            }
        });
    }

    private void onFailure(Throwable failure) {
        RuntimeException mapped = RedisErrors.map(keys.name(), "acquire", failure);
        LOG.warn("lock '{}' token {}: acquire failed: {}", keys.name(), Tokens.shortForm(token), mapped.getMessage());
        if (RedisErrors.isUnavailable(failure)) {
            // The command may have run on the server after all: delete by token, which can only ever remove ours.
            context.backend().release(keys, token).whenComplete((released, f) -> {
                if (f == null && released) {
                    LOG.info("lock '{}' token {}: removed the lock granted by a timed-out acquire", keys.name(),
                            Tokens.shortForm(token));
                }
            });
        }
        result.completeExceptionally(mapped);
    }
}
