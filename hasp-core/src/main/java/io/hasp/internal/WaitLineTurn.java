package io.hasp.internal;

import io.hasp.Backoff;
import io.hasp.LockOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One acquire call's place in a {@link WaitLine}: it attempts when it is the head, parks otherwise, and arms the
 * backstop when a release woke another client. Its fields are guarded by the line's monitor (see the design note of
 * {@link WaitLine}); the few that the line reads or calls are package-private for it alone.
 */
final class WaitLineTurn implements WaitTurn, HandOffReceiver {
    private final NotifiedWaitStrategy strategy;
    private final LockKeys keys;
    private final Backoff backoff;
    private final long heartbeatMillis;
    WaitLine line;
    CompletableFuture<Void> startGate;
    /** When the acquire call gives up, on the strategy's ticker. */
    long deadline;
    /** The pause in progress (parked, or waiting for a message), or null while attempting. */
    private CompletableFuture<Void> pending;
    private ScheduledFuture<?> tick;
    private boolean attempting;
    private boolean woken;
    boolean lastKeep;
    /** Whether this head has made an attempt since the channel was subscribed (no lost wake-up after it). */
    private boolean checkedWhileSubscribed;
    private boolean left;
    /**
     * The acquire call to hand the lock to, if it accepts hand-offs. Set once before {@link #start}; readers hold
     * the line's monitor, which {@link WaitLine#add} took after the write, so they see it.
     */
    private HandOffReceiver receiver;
    /** A release has claimed this turn and not yet reported the outcome. */
    private boolean claimed;
    /** This turn got the lock from a local hand-off. */
    boolean handedOff;
    /** When the attempt in flight was prepared, and the heartbeat window it registers with (0: none). */
    private long attemptAt;
    private long attemptWindowMillis;
    /** When a release last woke another client, on the strategy's ticker. */
    private long otherWokenAt;
    /** The pause that a backstop is armed for, if any. */
    private CompletableFuture<Void> backstopFor;

    WaitLineTurn(NotifiedWaitStrategy strategy, LockKeys keys, LockOptions options) {
        this.strategy = strategy;
        this.keys = keys;
        this.backoff = options.backoff();
        this.heartbeatMillis = options.waiterHeartbeat().toMillis();
        this.otherWokenAt = strategy.ticker().read();
    }

    @Override
    public CompletableFuture<Void> start(long remainingNanos) {
        deadline = strategy.ticker().read() + remainingNanos;
        strategy.enter(keys, this);
        synchronized (line) {
            return startGate;
        }
    }

    @Override
    public void acceptHandOffs(HandOffReceiver handOffReceiver) {
        this.receiver = handOffReceiver;
    }

    @Override
    public WaiterEntry beforeAttempt() {
        synchronized (line) {
            if (claimed) {
                return CLAIMED; // a pause ended while a release hands us the lock: its outcome resumes us
            }
            attempting = true;
            woken = false;
            checkedWhileSubscribed = line.subscriptionReady();
            // A parked waiter attempting before giving up is not the line: the line keeps waiting if it wins.
            lastKeep = line.head() != this || line.turns.size() > 1;
            attemptAt = strategy.ticker().read();
            attemptWindowMillis = line.registration.windowFor(attemptAt, heartbeatMillis);
            return new WaiterEntry(strategy.member(), attemptWindowMillis, lastKeep);
        }
    }

    @Override
    public void answered(AcquireReply reply) {
        synchronized (line) {
            line.registration.answered(reply, attemptAt, attemptWindowMillis, lastKeep);
        }
    }

    @Override
    public CompletableFuture<Void> awaitRetry(long holderTtlMillis, int attempt, long remainingNanos,
            Backoff ignored) {
        synchronized (line) {
            attempting = false;
            if (line.head() != this) {
                return park(remainingNanos);
            }
            if (woken) {
                woken = false;
                return CompletableFuture.completedFuture(null);
            }
            long safetyNet = Math.min(BackoffWaitStrategy.pauseNanos(holderTtlMillis, attempt, remainingNanos,
                    backoff), TimeUnit.MILLISECONDS.toNanos(heartbeatMillis) / 2);
            if (!checkedWhileSubscribed) {
                CompletableFuture<Void> ready = line.subscribed();
                if (ready.isDone()) {
                    if (!ready.isCompletedExceptionally()) {
                        return CompletableFuture.completedFuture(null); // subscribed: the final check, now
                    }
                } else {
                    CompletableFuture<Void> gate = pauseFor(safetyNet);
                    ready.whenComplete((v, f) -> gate.complete(null));
                    return gate;
                }
            }
            CompletableFuture<Void> pause = pauseFor(safetyNet);
            if (otherWokenAt - attemptAt > 0) {
                // A release woke another client while this attempt was in flight: back it up as if paused then.
                armBackstop(pause, Math.max(0, otherWokenAt + WaitLine.BACKSTOP_NANOS - strategy.ticker().read()));
            }
            return pause;
        }
    }

    /** A release woke another client: unless one more release follows soon, re-check. Caller holds the monitor. */
    void anotherWoken() {
        otherWokenAt = strategy.ticker().read();
        if (!attempting && !claimed && pending != null && !pending.isDone() && backstopFor != pending) {
            armBackstop(pending, WaitLine.BACKSTOP_NANOS);
        }
    }

    /** Ends {@code pause} after {@code delayNanos} unless a later release re-arms it. Caller holds the monitor. */
    private void armBackstop(CompletableFuture<Void> pause, long delayNanos) {
        backstopFor = pause;
        try {
            strategy.timer().schedule(() -> backstopDue(pause), delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            backstopFor = null; // the client is closing: the pause's own timer ends it
        }
    }

    private void backstopDue(CompletableFuture<Void> pause) {
        synchronized (line) {
            if (pending != pause || backstopFor != pause || pause.isDone() || attempting || claimed) {
                return; // that pause is over
            }
            long quiet = strategy.ticker().read() - otherWokenAt;
            if (quiet < WaitLine.BACKSTOP_NANOS) {
                armBackstop(pause, WaitLine.BACKSTOP_NANOS - quiet); // a later release: the lock is moving
                return;
            }
            backstopFor = null;
            pending = null;
            cancelTimerOnly();
        }
        pause.complete(null);
    }

    @Override
    public void leave(boolean acquired) {
        if (line == null) {
            return;
        }
        synchronized (line) {
            if (left) {
                return;
            }
            left = true;
        }
        strategy.exit(line, this, acquired);
    }

    /**
     * Claims this head for a hand-off if it is paused, not attempting and not leaving. A claim counts as an
     * attempt in flight, one that leaves the registration as it was. Caller holds the monitor.
     */
    boolean claim() {
        if (receiver == null || left || attempting || claimed || pending == null || pending.isDone()) {
            return false;
        }
        claimed = true;
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
    public void handedOver(long fence, long sentAt) {
        synchronized (line) {
            claimed = false;
            handedOff = true;
        }
        receiver.handedOver(fence, sentAt);
    }

    @Override
    public void notHandedOver() {
        synchronized (line) {
            claimed = false;
            woken = true; // the lock may be free: attempt at once
        }
        receiver.notHandedOver();
    }

    @Override
    public void handOffFailed(Throwable failure) {
        synchronized (line) {
            claimed = false;
        }
        receiver.handOffFailed(failure);
    }

    boolean keptRegistration() {
        synchronized (line) {
            return lastKeep;
        }
    }

    /** A pause that ends after {@code nanos} unless something completes it first. Caller holds the monitor. */
    private CompletableFuture<Void> pauseFor(long nanos) {
        cancelPending();
        CompletableFuture<Void> due = new CompletableFuture<>();
        pending = due;
        try {
            ScheduledFuture<?> task = strategy.timer().schedule(() -> due.complete(null), Math.max(0, nanos),
                    TimeUnit.NANOSECONDS);
            tick = task;
            due.whenComplete((v, f) -> task.cancel(false));
        } catch (RejectedExecutionException closing) {
            // The client is closing: let the waiter run its next attempt, which then fails as closed.
            CompletableFuture.runAsync(() -> due.complete(null));
        }
        return due;
    }

    /** Waits behind the head until promoted, or until the wait runs out. Caller holds the monitor. */
    CompletableFuture<Void> park(long remainingNanos) {
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
            cancelTimerOnly();
            return parked;
        }
        checkedWhileSubscribed = true;
        cancelTimerOnly();
        long remaining = deadline - strategy.ticker().read();
        long safetyNet = Math.min(BackoffWaitStrategy.pauseNanos(-1, Integer.MAX_VALUE, remaining, backoff),
                TimeUnit.MILLISECONDS.toNanos(heartbeatMillis) / 2);
        try {
            ScheduledFuture<?> task = strategy.timer().schedule(() -> parked.complete(null), safetyNet,
                    TimeUnit.NANOSECONDS);
            tick = task;
            parked.whenComplete((v, f) -> task.cancel(false));
        } catch (RejectedExecutionException closing) {
            pending = null;
            return parked;
        }
        return null;
    }

    /** The head's wake-up on a release: the future to complete, or {@code null} if it will retry anyway. */
    CompletableFuture<Void> wake() {
        CompletableFuture<Void> due = pending;
        if (due == null || attempting) {
            woken = true;
            return null;
        }
        pending = null;
        return due;
    }

    void cancelPending() {
        cancelTimerOnly();
        pending = null;
    }

    private void cancelTimerOnly() {
        if (tick != null) {
            tick.cancel(false);
            tick = null;
        }
    }
}
