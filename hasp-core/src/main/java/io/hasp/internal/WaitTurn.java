package io.hasp.internal;

import io.hasp.Backoff;
import io.hasp.LockOptions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One waiting acquire call's place in a {@link WaitLine}, from {@link WaitLines#join}. The acquire loop attempts when
 * {@link #firstAttempt} completes, then calls {@link #beforeAttempt} before each attempt, {@link #answered} with its
 * answer and {@link #awaitRetry} after each failed one; it leaves through {@link WaitLines#leave}. The turn attempts
 * when it is the head, is parked otherwise, and arms the backstop when a release woke another client.
 *
 * <p>Design note. The turn's state is its own (private), guarded by its line's monitor (see {@link WaitLine}); the
 * line asks for what it needs through the methods below marked "caller holds the monitor", and the turn asks the line
 * the same way. Futures are completed after the monitor is released. A pause has no timer of its own: it records when
 * it ends ({@code pendingDue}) and asks the line's clock to look no later than that ({@link WaitLine#wakeBy}), so a
 * pause that ends early (a hand-off claims it, a message wakes it) costs the client's timer nothing. A call that gives
 * up while a release or a shared head runs a script on its behalf (the turn is claimed) undoes its attempts only once
 * that script's outcome is reported ({@link #afterClaim}). Thread-safe.
 */
final class WaitTurn implements HandOffReceiver {
    /**
     * What {@link #beforeAttempt} returns when a release has claimed this waiter for a direct hand-off: the attempt
     * must not be sent; the hand-off's outcome resumes the call through its {@link HandOffReceiver}.
     */
    static final WaiterEntry CLAIMED = new WaiterEntry("", 0, false);
    /** At most how many turns behind a shared head join its attempt. */
    private static final int MAX_COMPANIONS = 16;

    private final WaitContext context;
    private final WaitLine line;
    private final Backoff backoff;
    private final long heartbeatMillis;
    /** When the acquire call gives up, on the client's ticker. */
    private final long deadline;
    /** The acquire call to hand the lock to. */
    private final HandOffReceiver receiver;
    private CompletableFuture<Void> startGate;
    /**
     * Whether the call waits on {@link #firstAttempt}: only then may a release or a shared head claim the turn. A turn
     * is in its line before its call has even finished joining (the call learns of its turn only when
     * {@link WaitLines#join} returns), so an outcome reported to it earlier reached a call that could not take it.
     */
    private boolean started;
    /** The pause in progress (parked, or waiting for a message), or null while attempting. */
    private CompletableFuture<Void> pending;
    /** When {@code pending} ends on its own, on the client's ticker: the line's clock ends it then. */
    private long pendingDue;
    private boolean attempting;
    private boolean woken;
    /** Whether the last attempt asked to keep the registry entry if it won (other local waiters remain). */
    private boolean lastKeep;
    /** Whether this head has made an attempt since the channel was subscribed (no lost wake-up after it). */
    private boolean checkedWhileSubscribed;
    private boolean left;
    /** A release has claimed this turn and not yet reported the outcome. */
    private boolean claimed;
    /** What the call that gave up during the claim runs once its outcome is reported ({@link #afterClaim}). */
    private Runnable afterClaim;
    /** This turn got the lock from a local hand-off. */
    private boolean gotHandOff;
    /**
     * A release claimed this turn and yielded the lock to another client instead: the next pause waits for a release
     * message with the long safety net, as a promoted head does, not with the backoff of a failed attempt.
     */
    private boolean yieldedTo;
    /** When a release last claimed this turn, on the client's ticker. */
    private long claimedAt;
    /** The turns claimed to share the attempt in flight (see {@link WaitLine#claimSharersBehind}). */
    private List<WaitTurn> companions = List.of();
    /** When the attempt in flight was prepared, and the heartbeat window it registers with (0: none). */
    private long attemptAt;
    private long attemptWindowMillis;
    /** When a release last woke another client, on the client's ticker. */
    private long otherWokenAt;
    /** The pause that a backstop is armed for, if any. */
    private CompletableFuture<Void> backstopFor;

    WaitTurn(WaitContext context, WaitLine line, LockOptions options, long deadline, HandOffReceiver receiver) {
        this.context = context;
        this.line = line;
        this.backoff = options.backoff();
        this.heartbeatMillis = options.waiterHeartbeat().toMillis();
        this.deadline = deadline;
        this.receiver = receiver;
        this.otherWokenAt = context.ticker().read();
    }

    /** The client's waiter id, which this turn's attempts register under and name the call's own entries with. */
    String member() {
        return context.member();
    }

    /** The turn is in its line: the head may attempt at once, the others are parked. Caller holds the monitor. */
    void joined(boolean head) {
        startGate = head ? CompletableFuture.completedFuture(null) : park(deadline - context.ticker().read());
    }

    /**
     * Completes when the first attempt may be sent: at once, or when local waiters ahead of this one are served. From
     * this call on the turn may be claimed: its call is ready to hear an outcome.
     */
    CompletableFuture<Void> firstAttempt() {
        synchronized (line) {
            started = true;
            return startGate;
        }
    }

    /**
     * Called just before an attempt is sent: what it registers in Redis, or {@link #CLAIMED} if a hand-off is under
     * way (then nothing may be sent).
     */
    WaiterEntry beforeAttempt() {
        synchronized (line) {
            if (claimed) {
                return CLAIMED; // a pause ended while a release hands us the lock: its outcome resumes us
            }
            attempting = true;
            woken = false;
            checkedWhileSubscribed = line.subscriptionReady();
            boolean head = line.isHead(this);
            companions = head && sharesHold() ? line.claimSharersBehind(this, MAX_COMPANIONS) : List.of();
            // A parked waiter attempting before giving up is not the line: the line keeps waiting if it wins.
            lastKeep = !head || line.othersWait(companions.size());
            for (WaitTurn companion : companions) {
                companion.lastKeep = lastKeep; // whoever of them leaves last, the registry entry is as the attempt left it
            }
            attemptAt = context.ticker().read();
            attemptWindowMillis = line.registrationWindow(attemptAt, heartbeatMillis, checkedWhileSubscribed);
            return new WaiterEntry(context.member(), attemptWindowMillis, lastKeep);
        }
    }

    /**
     * The turns that {@link #beforeAttempt} claimed to be granted with this one (a shared hold), in line order; the
     * caller reports the attempt's outcome to each as to a claimed hand-off.
     */
    List<WaitTurn> companions() {
        synchronized (line) {
            return companions;
        }
    }

    /** The answer to the attempt that {@link #beforeAttempt} prepared: {@code null} if it failed (effect unknown). */
    void answered(AcquireReply reply) {
        synchronized (line) {
            line.registrationAnswered(reply, attemptAt, attemptWindowMillis, lastKeep, checkedWhileSubscribed);
        }
    }

    /**
     * Completes when the call should try again after a failed attempt.
     *
     * @param holderTtlMillis the holder's remaining lease time as the last attempt saw it; -1 if unknown
     * @param attempt how many attempts have failed so far (0-based)
     * @param remainingNanos how long the call may still wait; never exceeded
     */
    CompletableFuture<Void> awaitRetry(long holderTtlMillis, int attempt, long remainingNanos) {
        synchronized (line) {
            attempting = false;
            boolean afterYield = yieldedTo;
            yieldedTo = false;
            if (!line.isHead(this)) {
                return park(remainingNanos);
            }
            if (woken) {
                woken = false;
                return CompletableFuture.completedFuture(null);
            }
            long safetyNet = Math.min(backoff.pauseNanos(afterYield ? Integer.MAX_VALUE : attempt, holderTtlMillis,
                    remainingNanos), TimeUnit.MILLISECONDS.toNanos(heartbeatMillis) / 2);
            if (!checkedWhileSubscribed) {
                CompletableFuture<Void> ready = line.subscribed();
                if (ready.isDone()) {
                    if (!ready.isCompletedExceptionally()) {
                        return CompletableFuture.completedFuture(null); // subscribed: the final check, now
                    }
                } else {
                    CompletableFuture<Void> gate = pauseFor(safetyNet);
                    ready.whenComplete((v, f) -> endIfPending(gate));
                    return gate;
                }
            }
            CompletableFuture<Void> pause = pauseFor(safetyNet);
            if (otherWokenAt - (afterYield ? claimedAt : attemptAt) > 0) {
                // A release woke another client while this attempt (or the yielding release that had claimed this
                // turn) was in flight: back it up as if paused then.
                armBackstop(pause, Math.max(0, otherWokenAt + WaitLine.BACKSTOP_NANOS - context.ticker().read()));
            }
            return pause;
        }
    }

    /** A release woke another client: unless one more release follows soon, re-check. Caller holds the monitor. */
    void anotherWoken() {
        otherWokenAt = context.ticker().read();
        if (!attempting && !claimed && pending != null && !pending.isDone() && backstopFor != pending) {
            armBackstop(pending, WaitLine.BACKSTOP_NANOS);
        }
    }

    /** Ends {@code pause} after {@code delayNanos} unless a later release re-arms it. Caller holds the monitor. */
    private void armBackstop(CompletableFuture<Void> pause, long delayNanos) {
        backstopFor = pause;
        try {
            context.timer().schedule(() -> backstopDue(pause), delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            backstopFor = null; // the client is closing: the pause's own timer ends it
        }
    }

    private void backstopDue(CompletableFuture<Void> pause) {
        synchronized (line) {
            if (pending != pause || backstopFor != pause || pause.isDone() || attempting || claimed) {
                return; // that pause is over
            }
            long quiet = context.ticker().read() - otherWokenAt;
            if (quiet < WaitLine.BACKSTOP_NANOS) {
                armBackstop(pause, WaitLine.BACKSTOP_NANOS - quiet); // a later release: the lock is moving
                return;
            }
            backstopFor = null;
            pending = null;
        }
        pause.complete(null);
    }

    /** Marks the turn as leaving; returns its line, or {@code null} if it already left. */
    WaitLine leaving() {
        synchronized (line) {
            if (left) {
                return null;
            }
            left = true;
            return line;
        }
    }

    /**
     * Claims this turn for a hand-off if its call has started waiting and it is paused, not attempting and not leaving.
     * A claim counts as an attempt in flight, one that leaves the registration as it was. Caller holds the monitor.
     */
    boolean claim() {
        if (!started || left || attempting || claimed || pending == null || pending.isDone()) {
            return false;
        }
        claimed = true;
        claimedAt = context.ticker().read();
        attempting = true;
        woken = false;
        lastKeep = true; // the hand-off does not touch the registry: whoever retires the line removes the entry
        cancelPending();
        return true;
    }

    @Override
    public String token() {
        return receiver.token();
    }

    @Override
    public long leaseMillis() {
        return receiver.leaseMillis();
    }

    @Override
    public LockBackend backend() {
        return receiver.backend();
    }


    /**
     * Runs {@code undo} once the outcome of the hand-off (or shared attempt) that claimed this turn has been reported,
     * and answers {@code true}; {@code false}, running nothing, if no claim is in flight. For a call that gave up: the
     * script run on its behalf may still write for it (a semaphore's yield queues it), and the call's undo, sent at
     * once, could run before that script (see {@link AcquireLoop#install}).
     */
    boolean afterClaim(Runnable undo) {
        synchronized (line) {
            if (!claimed) {
                return false;
            }
            afterClaim = undo;
            return true;
        }
    }

    /** The claim's outcome is reported: the turn is no longer claimed. Caller holds the monitor. */
    private Runnable unclaim() {
        claimed = false;
        Runnable undo = afterClaim;
        afterClaim = null;
        return undo;
    }

    private static void runIfAny(Runnable undo) {
        if (undo != null) {
            undo.run();
        }
    }

    @Override
    public void handedOver(long fence, long sentAt) {
        Runnable undo;
        synchronized (line) {
            undo = unclaim();
            gotHandOff = true;
        }
        receiver.handedOver(fence, sentAt);
        runIfAny(undo);
    }

    @Override
    public void notHandedOver() {
        Runnable undo;
        synchronized (line) {
            undo = unclaim();
            woken = true; // the lock may be free: attempt at once
        }
        receiver.notHandedOver();
        runIfAny(undo);
    }

    @Override
    public void yielded() {
        Runnable undo;
        synchronized (line) {
            undo = unclaim(); // not woken: the release's message says whom it woke (maybe this client)
            yieldedTo = true;
        }
        receiver.yielded();
        runIfAny(undo);
    }

    @Override
    public void handOffFailed(Throwable failure) {
        Runnable undo;
        synchronized (line) {
            undo = unclaim();
        }
        receiver.handOffFailed(failure);
        runIfAny(undo);
    }

    /** Whether the last attempt asked to keep the client's registry entry if it won. */
    boolean keptRegistration() {
        synchronized (line) {
            return lastKeep;
        }
    }

    /** Whether this turn got the lock from a local hand-off. Caller holds the monitor. */
    boolean handedOff() {
        return gotHandOff;
    }

    /**
     * Ends {@code pause} if it is still the pause in progress. A pause a release claimed is over for good: the
     * claim's outcome resumes the call, and an attempt started by the pause as well would be a second one of the
     * same call, by the same token, sent even after a hand-off gave the call its lease (a second grant that the
     * call then cleans up by that token, taking the caller's permit with it, or a queue entry nothing removes).
     */
    private void endIfPending(CompletableFuture<Void> pause) {
        synchronized (line) {
            if (pending != pause) {
                return;
            }
            pending = null;
        }
        pause.complete(null);
    }

    /** A pause that ends after {@code nanos} unless something completes it first. Caller holds the monitor. */
    private CompletableFuture<Void> pauseFor(long nanos) {
        CompletableFuture<Void> due = new CompletableFuture<>();
        pending = due;
        pendingDue = context.ticker().read() + Math.max(0, nanos);
        if (!line.wakeBy(pendingDue, pendingDue)) {
            // The client is closing: let the waiter run its next attempt, which then fails as closed.
            CompletableFuture.runAsync(() -> endIfPending(due));
        }
        return due;
    }

    /**
     * The line's clock looks at this turn at {@code now}: the pause to end if it is due (caller completes it after
     * releasing the monitor), else {@code null}. Caller holds the monitor.
     */
    CompletableFuture<Void> dueAt(long now) {
        return pausing() && pendingDue - now <= 0 ? endPause() : null;
    }

    /**
     * Ends the pause in progress, if any: returns it for the caller to complete after releasing the monitor.
     * Caller holds the monitor.
     */
    CompletableFuture<Void> endPause() {
        CompletableFuture<Void> due = pausing() ? pending : null;
        pending = null;
        return due;
    }

    /** Whether a pause is in progress, which ends on its own at {@link #pendingDue()}. Caller holds the monitor. */
    boolean pausing() {
        return pending != null && !pending.isDone();
    }

    /** When the pause in progress ends on its own (see {@link #pausing}). Caller holds the monitor. */
    long pendingDue() {
        return pendingDue;
    }

    /** Waits behind the head until promoted, or until the wait runs out. Caller holds the monitor. */
    private CompletableFuture<Void> park(long remainingNanos) {
        return pauseFor(remainingNanos);
    }

    /**
     * This turn is the new head. If the registration is known current, it waits for a release (with the safety
     * net); otherwise it must attempt at once: returns the future to complete for that, else {@code null}.
     */
    CompletableFuture<Void> promote(boolean registered) {
        CompletableFuture<Void> parked = pending;
        if (parked == null) {
            if (!attempting) {
                woken = true; // it is about to attempt anyway; harmless
            }
            return null;
        }
        if (!registered) {
            pending = null;
            return parked;
        }
        checkedWhileSubscribed = true;
        long now = context.ticker().read();
        long halfWindow = TimeUnit.MILLISECONDS.toNanos(heartbeatMillis) / 2;
        long safetyNet = Math.min(backoff.pauseNanos(Integer.MAX_VALUE, -1, deadline - now), halfWindow);
        long ceiling = Math.min(Math.min(backoff.ceilingNanos(Integer.MAX_VALUE), halfWindow),
                Math.max(0, deadline - now));
        pendingDue = now + safetyNet; // the parked pause goes on as the wait for a release, with the safety net
        if (!line.wakeBy(pendingDue, now + ceiling)) {
            pending = null; // the client is closing: attempt, which then fails as closed
            return parked;
        }
        return null;
    }

    /** The head's wake-up on a release (caller holds the monitor): the future to complete, or {@code null} if it will retry anyway. */
    CompletableFuture<Void> wake() {
        CompletableFuture<Void> due = pending;
        if (due == null || attempting) {
            woken = true;
            return null;
        }
        pending = null;
        return due;
    }

    /** Drops the pause in progress (the line's clock then finds nothing due for it). Caller holds the monitor. */
    void cancelPending() {
        pending = null;
    }
}
