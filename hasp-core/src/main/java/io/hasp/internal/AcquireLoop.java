package io.hasp.internal;

import io.hasp.KeyConflictException;
import io.hasp.LockOptions;
import io.hasp.RedisUnavailableException;
import java.util.List;
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
 * fails to complete the result and releases the lease by its token, so nothing stays locked on our behalf.
 *
 * <p>Failures. An attempt that failed without a definite answer (a timeout, a dropped connection, a script error
 * after its write) may still have taken the lock with our token, so the next step after it is a release by that
 * token: before the retry, or before the caller hears of the failure. A transient failure (Redis did not answer, the
 * connection dropped) is retried within the caller's wait, the same rule as a Redlock attempt that reached too few
 * nodes; the caller sees it only when the wait runs out, as a {@link RedisUnavailableException} with the last cause.
 * A step of the loop itself that throws (a pause, the handling of an answer or of a hand-off) ends the call with what
 * threw, logged; with {@link io.hasp.ClientClosedException} only if the client is closed ({@link UnexpectedFailures}).
 *
 * <p>A waiting call (wait above zero) joins its lock's line in the client's {@link WaitLines} and gets a
 * {@link WaitTurn}: the turn says when to attempt (the first time, and each retry) and what each attempt registers in
 * Redis; the call leaves the line exactly once when the result completes, whatever completed it. On a backend that
 * {@linkplain LockBackend#triesBeforeWaiting tries before waiting}, a waiting call that finds nobody of this client
 * on its lock first makes a single try, as {@code tryAcquire()} does, and joins the line only if that try was refused:
 * an uncontended acquire builds no line and leaves none. The refused try counts as the head's first attempt (it
 * registered nothing), so the head's next attempt is the check made once the lock's channel is subscribed, which
 * registers the client: as many round trips as a head that attempted first, and no wake-up can be lost between the
 * try and the wait. Calls of this client that come during the try wait behind it and are given their turns when it
 * is answered ({@link WaitLines#tried}), which every try reports, whatever its outcome.
 *
 * <p>A release by this client may hand the lock straight to a waiting call ({@link HandOffReceiver}): the turn then
 * suppresses the call's own attempts, and the hand-off's outcome arrives as if it were the reply to an attempt the
 * releaser sent on the call's behalf (its send time is the releaser's), so the rest of the loop is unchanged. The
 * same holds for the waiters a shared head takes into its attempt ({@link WaitTurn#companions}): the head reports
 * its attempt's outcome to each of them as a hand-off's.
 */
final class AcquireLoop implements WaitLines.Joiner {
    private static final Logger LOG = LoggerFactory.getLogger(AcquireLoop.class);

    private final LockContext context;
    private final LockKeys keys;
    private final LockOptions options;
    private final long waitNanos;
    private final long deadline;
    private final String token = Tokens.newToken();
    /**
     * The waiting call's place among the lock's waiters; null for a single attempt, and for a waiting call until it
     * joins the line (see the class note). Set once, by the loop's own steps, each of which starts the next.
     */
    private WaitTurn turn;
    /** Whether this call marked its lock for a single try ({@link WaitLines#tryAlone}) not yet reported as answered. */
    private boolean trying;
    /** Completes with the lease, with {@code null} when the wait ran out, or with the failure. */
    private final CompletableFuture<RedisLease> result = new CompletableFuture<>();
    private volatile CompletableFuture<Void> pause;
    /**
     * A waiting call's last attempt sent (null for a single attempt or try): a call that ends without the lock leaves
     * its line and undoes its attempts once this one has answered or failed (see {@link #install}).
     */
    private volatile CompletableFuture<AcquireReply> inFlight;
    private int attempt;
    /**
     * Whether an attempt failed without an answer that says what it did: it may have taken the lock with our token.
     * Read and written by the loop's steps, one at a time (each starts the next), so it needs no lock.
     */
    private boolean unknownOutcome;

    private AcquireLoop(LockContext context, LockKeys keys, LockOptions options, long waitNanos) {
        this.context = context;
        this.keys = keys;
        this.options = options;
        this.waitNanos = waitNanos;
        this.deadline = context.ticker().read() + waitNanos;
    }

    /** Starts the loop; cancelling the returned future abandons the wait. */
    static CompletableFuture<RedisLease> start(LockContext context, LockKeys keys, LockOptions options, long waitNanos) {
        AcquireLoop loop = new AcquireLoop(context, keys, options, waitNanos);
        if (waitNanos == 0) {
            loop.attempt(); // a single attempt: no line to join
            return loop.result;
        }
        if (context.backend().triesBeforeWaiting() && context.waitLines().tryAlone(keys, loop)) {
            loop.trying = true;
            loop.attempt(); // a single try first: no line yet (a refused one joins it, in onHeld)
            return loop.result;
        }
        loop.joinLine(false, -1, waitNanos);
        return loop.result;
    }

    /**
     * Joins the lock's line; the turn says when to attempt. After a refused single try ({@code tried}), a head's
     * next attempt is the check made once subscribed, as after its own first attempt; otherwise a head attempts at
     * once. The call leaves the line when its result completes.
     */
    private void joinLine(boolean tried, long holderTtlMillis, long remainingNanos) {
        // A release reads this loop's token, lease time and backend as soon as the turn is in the line (under the
        // line's monitor, which join takes after they were written). It reports an outcome only once the turn was
        // asked for its first attempt, when the field below is set and seen (WaitTurn#firstAttempt).
        WaitTurn joined;
        if (trying) {
            trying = false;
            joined = context.waitLines().tried(keys, this, true, options, deadline); // first in the line
        } else {
            joined = context.waitLines().join(keys, options, deadline, this);
            if (joined == null) {
                return; // behind another call's single try: joinedLine gives the turn when it is answered
            }
        }
        install(joined);
        CompletableFuture<Void> first = joined.firstAttempt();
        pauseThenAttempt(tried && first.isDone() ? joined.awaitRetry(holderTtlMillis, attempt++, remainingNanos)
                : first);
    }

    @Override
    public void joinedLine(WaitTurn joined) {
        try {
            install(joined);
            pauseThenAttempt(joined.firstAttempt());
        } catch (RuntimeException e) {
            failUnexpectedly("joining the lock's line", e);
        }
    }

    /** Reports this call's single try as answered, if it has not been: the calls waiting behind it get their turns. */
    private void endTry() {
        if (trying) {
            trying = false;
            context.waitLines().tried(keys, this, false, options, deadline);
        }
    }

    /**
     * Takes {@code joined} as this call's turn; the call leaves the line when its result completes. A call that ends
     * without the lock while an attempt of it is in flight leaves the line, and undoes in Redis what its attempts
     * left there ({@link LockBackend#gaveUp}; the line's last one out removes the client's registry entry), only once
     * that attempt has answered or failed: by its reply, by the command timeout, or when a closing client fails it.
     * Sent at once, the undo could run before the attempt, which the shared connection does not keep in order: Netty
     * writes a command sent on the connection's own I/O thread at once, ahead of commands other threads queued there
     * before it (a cancel from a callback there, while the attempt sent by the timer waits in that queue). The attempt
     * would then queue the call, record its intent or register the client again, for a call that is over, until
     * its heartbeat window ran out. The same holds for a script a release or a shared head runs on the call's behalf
     * (a claimed turn, {@link WaitTurn#afterClaim}): the undo waits for its outcome to be reported.
     */
    private void install(WaitTurn joined) {
        turn = joined;
        result.whenComplete((lease, failure) -> {
            CompletableFuture<Void> pending = pause;
            if (pending != null) {
                // Ends the pause (and its timer) without cancel(): a cancel builds an exception with a stack trace,
                // and so does each dependent it reaches, once per hand-off. The attempt it starts sees the call over.
                pending.complete(null);
            }
            if (lease != null) {
                context.waitLines().leave(joined, true);
                return;
            }
            CompletableFuture<AcquireReply> last = inFlight;
            if (last != null && !last.isDone()) {
                last.whenComplete((reply, f) -> gaveUp(joined));
            } else if (!joined.afterClaim(() -> gaveUp(joined))) {
                gaveUp(joined);
            }
        });
    }

    /** The call ended without the lock: it leaves its line and undoes what its attempts left in Redis. */
    private void gaveUp(WaitTurn joined) {
        context.waitLines().leave(joined, false);
        context.backend().gaveUp(keys, token, joined.member());
    }

    /**
     * Sent {@code reply}, the attempt of a waiting call: the undo of a call that ends without the lock waits for it
     * ({@link #install}). An attempt that checked the call was on before it was sent, while the call ended, may find
     * it over now; the undo may then have gone before it, so it is sent once more behind it (a second undo finds
     * nothing left to undo).
     */
    private void inFlight(CompletableFuture<AcquireReply> reply) {
        inFlight = reply;
        if (result.isDone()) {
            result.whenComplete((lease, failure) -> {
                if (lease == null) {
                    reply.whenComplete((r, f) -> context.backend().gaveUp(keys, token, turn.member()));
                }
            });
        }
    }

    private void attempt() {
        if (result.isDone()) {
            return;
        }
        long leaseMillis = options.leaseTime().toMillis();
        long sentAt = context.ticker().read();
        WaiterEntry entry;
        List<WaitTurn> companions;
        try {
            context.lifecycle().checkOpen(keys.name());
            entry = turn == null ? null : turn.beforeAttempt();
            if (entry == WaitTurn.CLAIMED) {
                return;
            }
            companions = turn == null ? List.of() : turn.companions();
        } catch (RuntimeException e) {
            failUnexpectedly("preparing an attempt", e); // or the client is closed (checkOpen)
            endTry();
            return;
        }
        CompletableFuture<AcquireReply> reply;
        try {
            reply = unknownOutcome ? cleanUp().thenCompose(v -> send(entry, companions, leaseMillis))
                    : send(entry, companions, leaseMillis);
            if (turn != null) {
                inFlight(reply);
            }
        } catch (RuntimeException e) {
            tellCompanions(companions, null, e, sentAt);
            failUnexpectedly("sending an attempt", e);
            endTry();
            return;
        }
        reply.whenComplete((r, failure) -> {
            try {
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
            } catch (RuntimeException e) {
                unknownOutcome = true; // it may have been taking a grant: the lock may be ours
                failUnexpectedly("handling an attempt's answer", e);
            }
            try {
                endTry(); // a single try not taken into the line above: those behind it go on without it
            } catch (RuntimeException e) {
                failUnexpectedly("ending a single try", e);
            }
            tellCompanions(companions, r, failure, sentAt); // whatever became of this call: they wait for it
        });
    }

    private CompletableFuture<AcquireReply> send(WaiterEntry entry, List<WaitTurn> companions, long leaseMillis) {
        if (entry == null) {
            return context.backend().tryAcquire(keys, token, leaseMillis);
        }
        return companions.isEmpty() ? context.backend().tryAcquire(keys, token, leaseMillis, entry)
                : context.backend().tryAcquire(keys, token, leaseMillis, entry, companions);
    }

    /**
     * The outcome of an attempt made for the waiters behind this one too (a shared hold): each gets it as from a
     * claimed hand-off, after this call's own outcome (a granted head leaves the line before its companions do).
     */
    private static void tellCompanions(List<WaitTurn> companions, AcquireReply reply, Throwable failure, long sentAt) {
        if (companions.isEmpty()) {
            return; // the usual case, told without an iterator
        }
        for (WaitTurn companion : companions) {
            if (failure != null && ScriptRunner.notRun(failure)) {
                companion.notHandedOver(); // the attempt ran nothing (this call ended meanwhile): it attempts itself
            } else if (failure != null) {
                companion.handOffFailed(failure); // it may have been granted: it cleans up by its token
            } else if (reply.acquired()) {
                companion.handedOver(reply.fence(), sentAt);
            } else {
                companion.yielded(); // back to waiting behind the head
            }
        }
    }

    /**
     * After an attempt whose outcome is unknown: a release by our token, sent before the retry on the same
     * connection, so that no earlier attempt of this call can hold the lock when the retry runs. Otherwise the retry
     * could find the lock held by the earlier attempt's grant (our own token) and wait for our own lease. Like the
     * clean-up in {@link #fail}, it is a {@link LockBackend#cleanUp}: it runs even if the server answers too late.
     */
    private CompletableFuture<Void> cleanUp() {
        return context.backend().cleanUp(keys, token).thenAccept(released -> {
            unknownOutcome = false;
            logCleanedUp(released);
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
    public LockBackend backend() {
        return context.backend();
    }


    // The outcomes below run in the releaser's (or the head's) completion: a step of this call that throws ends this
    // call, not the releaser's release or the head's attempt.

    @Override
    public void handedOver(long fence, long sentAt) {
        try {
            onGranted(fence, sentAt, true); // others may still wait: the release must be able to notify
        } catch (RuntimeException e) {
            unknownOutcome = true; // the lock may be ours
            failUnexpectedly("taking a handed-over lock", e);
        }
    }

    @Override
    public void notHandedOver() {
        yielded();
    }

    @Override
    public void yielded() {
        try {
            onHeld(-1, false, null);
        } catch (RuntimeException e) {
            failUnexpectedly("waiting again after a hand-off", e);
        }
    }

    @Override
    public void handOffFailed(Throwable failure) {
        try {
            onFailure(failure);
        } catch (RuntimeException e) {
            failUnexpectedly("handling a failed hand-off", e);
        }
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
            context.waitLines().leave(turn, true);
        } else {
            endTry(); // the same for the calls that came during a single try: they form the line first
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
            fail(unavailable);
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
        if (turn == null) {
            if (result.isDone()) {
                return; // cancelled during the try, which left nothing in Redis: no line to join
            }
            try {
                joinLine(true, holderTtlMillis, remaining); // a waiting call's single try was refused: now it waits
            } catch (RuntimeException e) {
                failUnexpectedly("joining the lock's line", e);
            }
            return;
        }
        CompletableFuture<Void> next;
        try {
            next = turn.awaitRetry(holderTtlMillis, attempt++, remaining);
        } catch (RuntimeException e) {
            failUnexpectedly("pausing before the next attempt", e);
            return;
        }
        pauseThenAttempt(next);
    }

    /** Attempts again when {@code next} completes, unless the call is over by then. */
    private void pauseThenAttempt(CompletableFuture<Void> next) {
        pause = next;
        if (result.isDone()) {
            next.complete(null); // ends its timer; nothing attempts (see start)
            return;
        }
        if (next.isDone() && !next.isCompletedExceptionally()) {
            attempt(); // the head of a new line: no stage for a gate already open
            return;
        }
        next.whenComplete((v, f) -> {
            if (f == null) {
                attempt();
            } else {
                failUnexpectedly("a pause", f); // pauses only ever complete normally
            }
        });
    }

    /**
     * An attempt failed. A transient failure (no answer, a dropped connection) is retried within the wait, as a
     * Redlock attempt that reached too few nodes is; anything else, or a transient failure when the wait is over,
     * ends the call with the failure.
     */
    private void onFailure(Throwable failure) {
        if (result.isDone() && ScriptRunner.notRun(failure)) {
            return; // the call ended while the attempt waited for an answer, and it ran nothing (see ScriptRunner)
        }
        if (!(RedisErrors.unwrap(failure) instanceof KeyConflictException)) {
            unknownOutcome = true; // the attempt may have run: clean up by token before anything else
        }
        long remaining = deadline - context.ticker().read();
        // A client whose credentials Redis refused gets nowhere by retrying: the call ends at once and says why.
        if (waitNanos > 0 && remaining > 0 && RedisErrors.isUnavailable(failure) && !result.isDone()
                && !context.lifecycle().isRefused(keys)) {
            RedisUnavailableException mapped = (RedisUnavailableException) RedisErrors.map(keys.name(), "acquire",
                    failure);
            // Not logged above DEBUG: a dropped connection is logged once per outage (ReconnectPolicy), and the
            // failure itself if the wait runs out on it.
            LOG.debug("lock '{}' token {}: {}; retrying within the wait", keys.name(), Tokens.shortForm(token),
                    mapped.getMessage());
            onHeld(-1, false, mapped);
            return;
        }
        fail(failure);
    }

    /**
     * Ends the call with {@code failure}, after cleaning up by token if an attempt's outcome is unknown. When Redis
     * answered (a script error), the call ends only once that release answered, so a caller told that its acquire
     * failed never finds the lock still held for it; when Redis did not answer, the call ends at once, and the
     * release, queued behind the attempt on the same connection, removes whatever that attempt may still grant.
     */
    private void fail(Throwable failure) {
        RuntimeException mapped = context.lifecycle().failure(keys, "acquire", failure);
        LOG.warn("lock '{}' token {}: acquire failed: {}", keys.name(), Tokens.shortForm(token), mapped.getMessage());
        end(mapped, RedisErrors.isUnavailable(failure));
    }

    /**
     * A step of the loop threw where nothing should: the call ends with what {@link UnexpectedFailures} makes of it
     * (a closed client, or the failure itself, logged), after a release by token if the lock may be ours, without
     * waiting for its answer. A step that threw after the call was over only reports it: that release could take
     * the caller's lease away.
     */
    private void failUnexpectedly(String step, Throwable failure) {
        RuntimeException reported = UnexpectedFailures.report(context.lifecycle(), keys.name(), token, step, failure);
        if (!result.isDone()) {
            end(reported, true);
        }
    }

    /**
     * Ends the call with {@code mapped}, after a release by token if an attempt's outcome is unknown: at once if
     * {@code atOnce}, else once that release answered.
     */
    private void end(RuntimeException mapped, boolean atOnce) {
        if (!unknownOutcome) {
            result.completeExceptionally(mapped);
            return;
        }
        unknownOutcome = false;
        CompletableFuture<Boolean> cleanup;
        try {
            cleanup = context.backend().cleanUp(keys, token);
        } catch (RuntimeException e) {
            result.completeExceptionally(mapped);
            return;
        }
        cleanup.whenComplete((released, f) -> {
            if (f == null) {
                logCleanedUp(released);
            }
        });
        if (atOnce) {
            result.completeExceptionally(mapped);
        } else {
            cleanup.whenComplete((released, f) -> result.completeExceptionally(mapped));
        }
    }

    private void logCleanedUp(boolean released) {
        if (released) {
            LOG.info("lock '{}' token {}: removed the lock granted by an acquire whose answer was lost", keys.name(),
                    Tokens.shortForm(token));
        }
    }
}
