package io.hasp.internal;

import io.hasp.Backoff;
import io.hasp.LockOptions;
import java.util.LinkedHashSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The waiters of one lock in one client, in arrival order: the local fast path of {@link NotifiedWaitStrategy}.
 *
 * <p>Design note. Only the head of the line attempts; the others are parked until the head leaves (they wake on their
 * own only when their wait runs out, to give up). A release message wakes the head alone, which attempts at once; if
 * the message arrives while the head's attempt is in flight, the head retries as soon as that attempt fails, since
 * the attempt may have run before the release. When the head leaves, the next waiter becomes head: if the old head
 * took the lock while keeping this client registered, and the channel is subscribed, the new head just waits for the
 * next release; otherwise it attempts at once (the registration may be gone, or the lock free).
 *
 * <p>One client per release. A release wakes one registered client and names it ({@code "r <waiter id>"}), having
 * removed that client's registry entry, so the named line drops its registration and its head attempts and registers
 * again. Every other line hears the message too, and its head arms a backstop: if no further release message comes
 * within {@value #BACKSTOP_MILLIS} ms, it re-checks the lock itself. A woken client that takes the lock releases it
 * again within about {@link #MAX_HAND_OFF_NANOS} plus one section (after its local hand-offs), which re-arms every
 * backstop, so on a busy lock the backstops never fire; when the wake-up was lost (the message, or a client that no
 * longer waits or died), the lock stays free for at most the backstop before the other heads re-check. A lost wake-up
 * thus costs a short bounded delay, never a wait for the timed re-check. A bare {@value WakeMessage#RELEASED} (the
 * fair lock's release wakes plain waiters that way) wakes every head, as before.
 *
 * <p>Registration. The client's entry in the lock's waiter registry belongs to the line, not to a turn, and is
 * written once per wait and refreshed now and then ({@link WaiterRegistration}); the attempts in between leave the
 * registry alone, which makes them cheap.
 *
 * <p>Local hand-off. A release by this client may claim the head ({@link #claimHead}) when it is paused (not
 * attempting, not leaving) and hand it the lock in the release's own script, without publishing: the head then owns
 * the lock with no round trip of its own. A claimed head sends no attempt (a pause that ends anyway is ignored, see
 * {@link WaitTurn#CLAIMED}) until the releaser reports the outcome. To keep other clients from starving, the line
 * hands off at most {@value #MAX_HAND_OFFS} times in a row and for at most {@link #MAX_HAND_OFF_NANOS} of
 * continuous local ownership, whichever comes first; then the releaser releases normally, which publishes, and every
 * client's head races for the lock. Eight sections amortise that publish-and-race cycle (two round trips and a
 * message) over nine sections, while a remote waiter waits for at most eight local sections between two chances;
 * the time bound keeps that wait short (about one section past 5 ms) when sections are long.
 *
 * <p>All state of the line and its turns is guarded by the line's monitor, held only for field updates and
 * non-blocking dispatches; futures are always completed after the monitor is released, so the acquire loop's
 * continuations (which call back into the line) never run under it. The line is added to and retired by
 * {@link NotifiedWaitStrategy} inside {@code ConcurrentHashMap.compute}, so a turn never joins a retired line.
 */
final class WaitLine implements PubSubHub.Listener {
    private static final int MAX_HAND_OFFS = 8;
    private static final long MAX_HAND_OFF_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long BACKSTOP_MILLIS = 20;
    private static final long BACKSTOP_NANOS = TimeUnit.MILLISECONDS.toNanos(BACKSTOP_MILLIS);

    private final NotifiedWaitStrategy strategy;
    private final LockKeys keys;
    private final LinkedHashSet<Turn> turns = new LinkedHashSet<>();
    private WakeChannels.Subscription subscription;
    /** Local hand-offs since this client last took the lock by an attempt or released it normally. */
    private int handOffs;
    /** When the first of those hand-offs was claimed, on the strategy's ticker. */
    private long handOffsSince;
    private final WaiterRegistration registration;

    WaitLine(NotifiedWaitStrategy strategy, LockKeys keys) {
        this.strategy = strategy;
        this.keys = keys;
        this.registration = new WaiterRegistration(strategy.ticker().read());
    }

    LockKeys keys() {
        return keys;
    }

    synchronized void add(Turn turn) {
        turn.line = this;
        turns.add(turn);
        if (head() == turn) {
            turn.startGate = CompletableFuture.completedFuture(null);
        } else {
            turn.startGate = turn.park(turn.deadline - strategy.ticker().read());
        }
    }

    synchronized boolean isEmpty() {
        return turns.isEmpty();
    }

    /**
     * Takes {@code turn} out; if it was the head, returns what starts the next head (to run after all monitors are
     * released), else {@code null}.
     */
    synchronized Runnable remove(Turn turn, boolean acquired) {
        boolean wasHead = head() == turn;
        turns.remove(turn);
        if (acquired && !turn.handedOff) {
            handOffs = 0; // the lock came through an attempt: a new run of hand-offs may start
        }
        turn.cancelPending();
        Turn next = head();
        if (!wasHead || next == null) {
            return null;
        }
        CompletableFuture<Void> now = next.promote(acquired && turn.lastKeep && registration.inPlace()
                && subscriptionReady());
        return now == null ? null : () -> now.complete(null);
    }

    /**
     * Claims the head for a direct hand-off if it is paused and the fairness bounds allow another local hand-off;
     * returns the claimed head, or {@code null} (the caller then releases normally).
     */
    synchronized HandOffReceiver claimHead() {
        Turn head = head();
        if (head == null) {
            return null;
        }
        long now = strategy.ticker().read();
        if (handOffs >= MAX_HAND_OFFS || (handOffs > 0 && now - handOffsSince >= MAX_HAND_OFF_NANOS)) {
            handOffs = 0; // this release publishes: the other clients get their chance
            return null;
        }
        if (!head.claim()) {
            return null;
        }
        if (handOffs++ == 0) {
            handOffsSince = now;
        }
        return head;
    }

    /** The line is empty and out of the strategy's map: drop the subscription and, if asked, the registry entry. */
    synchronized void retire(boolean forgetRegistration) {
        if (subscription != null) {
            subscription.close();
        }
        if (forgetRegistration) {
            strategy.backend().forgetWaiter(keys, strategy.member());
        }
    }

    @Override
    public void onMessage(String message) {
        String woken = WakeMessage.wokenClient(message);
        if (woken != null && !woken.equals(strategy.member())) {
            anotherWoken();
            return;
        }
        if (woken != null) {
            synchronized (this) {
                registration.removedByRelease(strategy.ticker().read()); // the head's attempt registers again
            }
        }
        if (woken != null || WakeMessage.RELEASED.equals(message)) {
            wakeHead();
        }
    }

    /** A release woke another client: the head arms its backstop (see the design note). */
    private void anotherWoken() {
        synchronized (this) {
            Turn head = head();
            if (head != null) {
                head.anotherWoken();
            }
        }
    }

    @Override
    public void onResubscribed() {
        synchronized (this) {
            registration.forget(); // the server may have restarted and lost the registry: the head registers again
        }
        wakeHead();
    }

    private void wakeHead() {
        CompletableFuture<Void> due;
        synchronized (this) {
            Turn head = head();
            due = head == null ? null : head.wake();
        }
        if (due != null) {
            due.complete(null);
        }
    }

    private Turn head() {
        return turns.isEmpty() ? null : turns.iterator().next();
    }

    private boolean subscriptionReady() {
        return subscription != null && subscription.ready().isDone() && !subscription.ready().isCompletedExceptionally();
    }

    /** Subscribes the line's channel on first need; the future completes when Redis confirmed it (or it failed). */
    private CompletableFuture<Void> subscribed() {
        if (subscription == null) {
            subscription = strategy.hub().subscribe(keys.channel(), this);
        }
        return subscription.ready();
    }

    /** One acquire call's place in the line. Its fields are guarded by the line's monitor. */
    static final class Turn implements WaitTurn, HandOffReceiver {
        private final NotifiedWaitStrategy strategy;
        private final LockKeys keys;
        private final Backoff backoff;
        private final long heartbeatMillis;
        private WaitLine line;
        private CompletableFuture<Void> startGate;
        /** When the acquire call gives up, on the strategy's ticker. */
        private long deadline;
        /** The pause in progress (parked, or waiting for a message), or null while attempting. */
        private CompletableFuture<Void> pending;
        private ScheduledFuture<?> tick;
        private boolean attempting;
        private boolean woken;
        private boolean lastKeep;
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
        private boolean handedOff;
        /** When the attempt in flight was prepared, and the heartbeat window it registers with (0: none). */
        private long attemptAt;
        private long attemptWindowMillis;
        /** When a release last woke another client, on the strategy's ticker. */
        private long otherWokenAt;
        /** The pause that a backstop is armed for, if any. */
        private CompletableFuture<Void> backstopFor;

        Turn(NotifiedWaitStrategy strategy, LockKeys keys, LockOptions options) {
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
                    armBackstop(pause, Math.max(0, otherWokenAt + BACKSTOP_NANOS - strategy.ticker().read()));
                }
                return pause;
            }
        }

        /** A release woke another client: unless one more release follows soon, re-check. Caller holds the monitor. */
        private void anotherWoken() {
            otherWokenAt = strategy.ticker().read();
            if (!attempting && !claimed && pending != null && !pending.isDone() && backstopFor != pending) {
                armBackstop(pending, BACKSTOP_NANOS);
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
                if (quiet < BACKSTOP_NANOS) {
                    armBackstop(pause, BACKSTOP_NANOS - quiet); // a later release: the lock is moving
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
        private boolean claim() {
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
        private CompletableFuture<Void> park(long remainingNanos) {
            return pauseFor(remainingNanos);
        }

        /**
         * This turn is the new head. If the registration is known current, it waits for a release (with the safety
         * net); otherwise it must attempt at once: returns the future to complete for that, else {@code null}.
         */
        private CompletableFuture<Void> promote(boolean registered) {
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
        private CompletableFuture<Void> wake() {
            CompletableFuture<Void> due = pending;
            if (due == null || attempting) {
                woken = true;
                return null;
            }
            pending = null;
            return due;
        }

        private void cancelPending() {
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
}
