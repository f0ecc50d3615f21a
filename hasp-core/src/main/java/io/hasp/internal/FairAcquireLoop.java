package io.hasp.internal;

import io.hasp.ClientClosedException;
import io.hasp.LockOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One waiting acquire call on a fair lock: try once; if the lock is taken, subscribe to the lock's channel, queue in
 * Redis, and wait to be handed the lock.
 *
 * <p>Protocol. The waiter enters its lock's line at once, in call order. The first one of an empty line only tries
 * (it takes the lock if it is free and nobody live is queued); every waiter then waits for the line to let it queue
 * (once the channels are subscribed and every local waiter that called before it has queued, see
 * {@link FairWaitLines}) and attempts again, which queues it. From then on it re-attempts every third of its
 * heartbeat window, which refreshes its liveness deadline in Redis and doubles as the safety net (it reports a
 * hand-off whose message was lost, and hands a free lock to the head); the head also re-attempts when the holder's
 * lease is due to end, so a holder that died is followed within milliseconds. The holder's release grants the lock
 * to the first live waiter in the same script and publishes the grant; the waiter owns the lock on receipt. A
 * transient failure (no answer, a dropped connection) is retried within the wait, unless Redis refused the client's
 * credentials on its last reconnect: then the call fails at once, saying so, as a plain lock's does.
 *
 * <p>Validity of a handed-off lease. Each attempt returns the server's clock s when it ran; the waiter keeps the pair
 * (t, s) of its latest attempt, t being its local send time. The grant carries D, the hand-off lease's end on the
 * server's clock. The script ran after t, so D happens no earlier than t + (D - s) on our clock: validity ends there,
 * minus the drift allowance for that span. The hand-off lease is short (at most the heartbeat window) so that a
 * waiter that died unseen holds up the queue only briefly; a live holder's lease is topped up to its full time a
 * third of the way into the hand-off lease (see {@link RedisLease#handedOff}), so a short critical section sends
 * nothing but its release.
 *
 * <p>Design note. State is guarded by this object's monitor, held for field updates and to dispatch commands (never
 * to wait), so that once {@code finished} is set no attempt can be sent after the final "leave" script, and the leave
 * releases a lock that a racing attempt or grant gave us. The leave must also run after the attempt in flight when
 * the call ends, which the shared connection alone does not promise: Netty writes a command sent on the connection's
 * own I/O thread at once, ahead of commands other threads queued there before it, so a leave sent from a step on the
 * I/O thread (a cancel from a callback there) could run before an attempt sent from the timer, which would then queue
 * (or take the lock) for a call that is over, left until its heartbeat or lease ran out. So the finish sends the
 * leave once the attempt in flight ({@code inFlight}) has answered or failed: by its reply, by the command timeout, or
 * when a closing client fails it; with none in flight, at once. The result future completes once, never under the
 * monitor: completing it runs its dependent stages on the completing thread (the finish, the client's listeners),
 * which must not block the call's replies, grants and wake-ups. The finish takes the monitor itself. Replies and
 * grants arriving after it are ignored (the leave, sent after them, releases a lock they gave us).
 */
final class FairAcquireLoop implements FairWaitLines.Waiter {
    private static final Logger LOG = LoggerFactory.getLogger(FairAcquireLoop.class);

    private final LockContext context;
    private final FairWaitLines lines;
    private final FairLockBackend backend;
    private final LockKeys keys;
    private final LockOptions options;
    private final String token = Tokens.newToken();
    private final long leaseMillis;
    private final long heartbeatMillis;
    private final long handOffMillis;
    private final long deadline;
    private final CompletableFuture<RedisLease> result = new CompletableFuture<>();

    private boolean finished;
    private boolean attempting;
    /** The last attempt sent: while {@code attempting}, the one in flight, which the final leave waits for. */
    private CompletableFuture<FairReply> inFlight;
    private boolean wakeAgain;
    private boolean sentAny;
    /** Whether this waiter's attempts queue it (the line let it queue); until then they only try. */
    private boolean entered;
    /** Our queue member, made when the line lets us queue ({@code null} before: a try names none). */
    private String member;
    /** This waiter came first to its line and tries once before queueing. */
    private boolean tryingFirst;
    private int failedAttempts;
    private boolean havePair;
    private long pairSentAt;
    private long pairServerMicros;
    private WakeMessage pendingGrant;
    private ScheduledFuture<?> tick;

    private FairAcquireLoop(LockContext context, FairWaitLines lines, LockKeys keys, LockOptions options,
            long waitNanos) {
        this.context = context;
        this.lines = lines;
        this.backend = lines.backend();
        this.keys = keys;
        this.options = options;
        this.leaseMillis = options.leaseTime().toMillis();
        this.heartbeatMillis = options.waiterHeartbeat().toMillis();
        this.handOffMillis = Math.min(leaseMillis, heartbeatMillis);
        this.deadline = context.ticker().read() + waitNanos;
    }

    /** Starts the wait; cancelling the returned future abandons it and leaves the queue. */
    static CompletableFuture<RedisLease> start(LockContext context, FairWaitLines lines, LockKeys keys,
            LockOptions options, long waitNanos) {
        FairAcquireLoop loop = new FairAcquireLoop(context, lines, keys, options, waitNanos);
        loop.result.whenComplete((lease, failure) -> loop.finish(lease != null));
        if (lines.enter(keys, loop.token, loop)) {
            synchronized (loop) {
                loop.tryingFirst = true;
            }
            loop.attempt(); // nobody of this client waits for the lock: try first
        } else {
            loop.scheduleRecheck(Long.MAX_VALUE); // bounds the wait for the line to let us queue
            lines.advance(keys, false); // others of this client wait already: queue behind them, in call order
        }
        return loop.result;
    }

    private void attempt() {
        long sentAt;
        CompletableFuture<FairReply> reply;
        synchronized (this) {
            if (finished) {
                return;
            }
            if (attempting) {
                wakeAgain = true;
                return;
            }
            cancelTick();
            attempting = true;
            wakeAgain = false;
            sentAny = true;
            boolean queueing = entered;
            sentAt = context.ticker().read();
            try {
                context.lifecycle().checkOpen(keys.name());
                reply = queueing ? backend.attempt(keys, token, member, leaseMillis, heartbeatMillis)
                        : backend.tryOnce(keys, token, leaseMillis);
                inFlight = reply;
            } catch (RuntimeException e) {
                attempting = false;
                reply = CompletableFuture.failedFuture(e);
            }
        }
        reply.whenComplete((r, failure) -> {
            try {
                onReply(r, failure, sentAt);
            } catch (RuntimeException e) {
                failUnexpectedly("handling an attempt's answer", e); // the finish releases a lock granted to us
            }
        });
    }

    /** A step threw where nothing should: the call ends with what {@link UnexpectedFailures} makes of it. */
    private void failUnexpectedly(String step, Throwable failure) {
        result.completeExceptionally(UnexpectedFailures.report(context.lifecycle(), keys.name(), token, step,
                failure));
    }

    private void onReply(FairReply reply, Throwable failure, long sentAt) {
        WakeMessage grant;
        boolean again;
        boolean enter;
        synchronized (this) {
            attempting = false;
            if (finished) {
                return;
            }
            if (failure != null || reply.kind() != FairReply.Kind.QUEUED) {
                grant = null;
                again = false;
                enter = false;
            } else {
                havePair = true;
                pairSentAt = sentAt;
                pairServerMicros = reply.serverMicros();
                grant = pendingGrant;
                pendingGrant = null;
                again = wakeAgain;
                enter = !entered;
            }
        }
        if (failure != null) {
            // A client whose credentials Redis refused gets nowhere by retrying: the call ends at once and says why,
            // as on the plain lock.
            RuntimeException mapped = context.lifecycle().failure(keys, "acquire", failure);
            if (RedisErrors.isUnavailable(failure) && context.ticker().read() - deadline < 0
                    && !context.lifecycle().isRefused(keys)) {
                // A transient failure is retried within the wait, as on the plain lock; the attempt may have run,
                // which the retry finds (the lock handed to our token) and the final leave cleans up.
                LOG.debug("lock '{}' token {}: fair attempt failed: {}; retrying", keys.name(),
                        Tokens.shortForm(token), mapped.getMessage());
                scheduleRecheck(options.backoff().delayNanos(failedAttempts++));
                return;
            }
            if (mapped instanceof ClientClosedException) {
                LOG.debug("lock '{}' token {}: fair acquire ended: the client was closed", keys.name(),
                        Tokens.shortForm(token)); // closing is no failure to warn of, as on the plain lock
            } else {
                LOG.warn("lock '{}' token {}: fair acquire failed: {}", keys.name(), Tokens.shortForm(token),
                        mapped.getMessage());
            }
            result.completeExceptionally(mapped); // finishing leaves the queue, releasing a lock granted meanwhile
            return;
        }
        switch (reply.kind()) {
            case TAKEN -> complete(RedisLease.granted(context, keys, token, reply.fence(), options, sentAt, true));
            case HANDED_OVER -> completeHandOff(reply.fence(),
                    sentAt + validNanos(TimeUnit.MILLISECONDS.toNanos(reply.ttlMillis())));
            case QUEUED -> {
                if (grant != null) {
                    onGrant(grant);
                } else if (context.ticker().read() - deadline >= 0) {
                    result.complete(null);
                } else if (enter) {
                    synchronized (this) {
                        tryingFirst = false;
                    }
                    scheduleRecheck(Long.MAX_VALUE); // bounds the wait for the line to let us queue
                    lines.tried(keys, token);
                    lines.advance(keys, false);
                } else if (again) {
                    attempt();
                } else {
                    scheduleRecheck(untilHolderEnds(reply));
                }
            }
        }
    }

    /** The line lets this waiter queue: its channels are subscribed, so no grant can be missed. */
    @Override
    public void queueNow() {
        synchronized (this) {
            entered = true;
            member = FairLockBackend.member(token, handOffMillis, lines.grantChannel(keys));
        }
        attempt();
    }

    /**
     * When the head of the queue should re-check, ns from now, besides its heartbeat: as the holder's lease ends (it
     * may end with nobody releasing: a holder that died); {@link Long#MAX_VALUE} for no such time.
     */
    private static long untilHolderEnds(FairReply reply) {
        if (reply.position() != 0 || reply.ttlMillis() < 0) {
            return Long.MAX_VALUE;
        }
        return TimeUnit.MILLISECONDS.toNanos(reply.ttlMillis() + 1);
    }

    @Override
    public void onGrant(WakeMessage grant) {
        long validUntil;
        synchronized (this) {
            if (finished) {
                return; // the leave sent when finishing releases a grant that raced it
            }
            if (!havePair) {
                pendingGrant = grant;
                return;
            }
            long spanNanos = (grant.leaseEndMicros() - pairServerMicros) * 1000;
            validUntil = pairSentAt + validNanos(spanNanos);
        }
        if (validUntil - context.ticker().read() <= 0) {
            attempt(); // too late to use: ask Redis whether the lock is still ours
            return;
        }
        completeHandOff(grant.fence(), validUntil);
    }

    @Override
    public void onWake() {
        attempt();
    }

    /** A span of server time, less the drift allowance for it: what our clock can count on. */
    private long validNanos(long spanNanos) {
        return spanNanos - options.driftNanos(Duration.ofNanos(Math.max(0, spanNanos)));
    }

    /**
     * Completes the call with a handed-off lease. Its hand-off lease is short (so a waiter that died unseen holds up
     * the queue only briefly); the lease tops itself up to its full time a third of the way into it, if still held.
     */
    private void completeHandOff(long fence, long validUntil) {
        if (complete(RedisLease.handedOff(context, keys, token, fence, options, validUntil, handOffMillis))) {
            context.events().handedOff(keys.name());
        }
    }

    /** Completes the call with {@code lease}; {@code false} if it had already ended (the finish releases it). */
    private boolean complete(RedisLease lease) {
        if (result.complete(lease)) {
            context.watchdog().watch(lease);
            return true;
        }
        return false;
    }

    /** The next re-check: a third of the heartbeat window, {@code soonerNanos}, or the end of the wait if sooner. */
    private void scheduleRecheck(long soonerNanos) {
        RejectedExecutionException refused;
        synchronized (this) {
            if (finished) {
                return;
            }
            cancelTick();
            long remaining = deadline - context.ticker().read();
            long delay = Math.max(0, Math.min(Math.min(TimeUnit.MILLISECONDS.toNanos(heartbeatMillis) / 3,
                    soonerNanos), remaining));
            try {
                tick = context.timer().schedule(this::onTick, delay, TimeUnit.NANOSECONDS);
                return;
            } catch (RejectedExecutionException e) { // the client closed under us: its timer refuses new work
                refused = e;
            }
        }
        failUnexpectedly("scheduling a re-check", refused); // once the monitor is free: see the design note
    }

    /** The timer's re-check; a step that throws ends the call (the timer would only keep it to itself). */
    private void onTick() {
        try {
            recheck();
        } catch (RuntimeException e) {
            failUnexpectedly("a re-check", e);
        }
    }

    private void recheck() {
        if (context.ticker().read() - deadline >= 0) {
            LOG.info("lock '{}' token {}: fair lock not acquired within the wait", keys.name(),
                    Tokens.shortForm(token));
            result.complete(null);
            return;
        }
        boolean mayAttempt;
        synchronized (this) {
            mayAttempt = entered || tryingFirst;
        }
        if (mayAttempt) {
            attempt();
        } else {
            scheduleRecheck(Long.MAX_VALUE);
            lines.advance(keys, true); // the subscription takes long: queue anyway, in call order
        }
    }

    /**
     * The call is over: stop attempting, leave the queue unless we hold the lock, and leave the line. The leave goes
     * once the attempt in flight, if any, has answered or failed (see the design note); none is sent after it.
     */
    private void finish(boolean acquired) {
        boolean leave;
        String queued;
        CompletableFuture<FairReply> last;
        synchronized (this) {
            finished = true;
            cancelTick();
            leave = !acquired && sentAny;
            queued = member == null ? "" : member;
            last = attempting ? inFlight : null;
        }
        if (leave && last != null && !last.isDone()) {
            last.whenComplete((reply, failure) -> leave(queued));
        } else if (leave) {
            leave(queued);
        }
        lines.exit(keys, token);
    }

    /**
     * Leaves the queue ({@code queued}: our member, or "" if the line never let us queue) and, if the lock is ours (a
     * racing attempt or grant gave it to us), releases it.
     */
    private void leave(String queued) {
        try {
            backend.leave(keys, token, queued).whenComplete((wasOurs, failure) -> {
                if (failure == null && wasOurs) {
                    LOG.info("lock '{}' token {}: released a fair lock granted after the caller gave up",
                            keys.name(), Tokens.shortForm(token));
                }
            });
        } catch (RuntimeException e) {
            // The call is over, so this is only logged unless the client closed, when our entry expires with its
            // heartbeat.
            UnexpectedFailures.report(context.lifecycle(), keys.name(), token, "leaving the queue", e);
        }
    }

    private void cancelTick() {
        if (tick != null) {
            tick.cancel(false);
            tick = null;
        }
    }
}
