package io.hasp.internal;

import io.hasp.LockOptions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The waiters of one lock in one client, in arrival order: the local fast path of {@link WaitLines}.
 *
 * <p>Design note. Only the head of the line attempts; the others are parked until the head leaves (they wake on their
 * own only when their wait runs out, to give up). A release message wakes the head alone, which attempts at once; if
 * the message arrives while the head's attempt is in flight, the head retries as soon as that attempt fails, since
 * the attempt may have run before the release. When the head leaves, the next waiter becomes head: if the old head
 * took the lock while keeping this client registered, and the channel is subscribed, the new head just waits for the
 * next release; otherwise it attempts at once (the registration may be gone, or the lock free), as it does after a
 * shared hold ({@link LockBackend#shared}: a read-write lock's readers are granted one after another, not one per
 * release).
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
 * registry alone, which makes them cheap. A wait whose first attempt came before the channel was subscribed writes it
 * once more with its check made once subscribed: a release may have named this client before, unheard.
 *
 * <p>Local hand-off. A release by this client may claim the head ({@link #claimHead}) when it is paused (not
 * attempting, not leaving, and its call has finished joining: see {@link WaitTurn#claim}) and hand it the lock in the
 * release's own script, without publishing: the head then owns the lock with no round trip of its own. A claimed head
 * sends no attempt (a pause that ends anyway is ignored, see {@link WaitTurn#CLAIMED}) until the releaser reports the
 * outcome. To keep other clients from starving, the line hands off at most {@value #MAX_HAND_OFFS} times in a row and
 * for at most {@link #MAX_HAND_OFF_NANOS} of continuous local ownership, whichever comes first; then the next hand-off
 * script is told to yield ({@link HandOffClaim#yieldingMember}): if another client is registered as waiting, it
 * releases instead, waking one of them, and the claimed head goes back to waiting for a release message ({@link
 * HandOffReceiver#yielded}); if only this client waits, there is nobody to yield to and it hands off as usual, starting
 * a new run. Eight sections amortise that release-and-race cycle (two round trips and a message) over nine sections,
 * while a remote waiter waits for at most eight local sections between two chances; the time bound keeps that wait
 * short (about one section past 5 ms) when sections are long. A client alone on its lock thus hands off every time: one
 * round trip per section.
 *
 * <p>The line's clock. The pauses of the line's turns (a parked waiter's wait, the head's safety net, its backoff) end
 * on their own through one timer task per line, scheduled for the earliest end among them ({@link #wakeBy}); when it
 * runs it ends the pauses that are due and schedules itself for the next. A turn's pause usually ends early (a
 * hand-off claims the head about once per section, a parked waiter is promoted), and such a pause only drops its
 * end: on a busy line the clock is rescheduled only when a new end comes before it, not once or twice per section,
 * and the client's timer thread is not woken per hand-off. A head's safety net (a jittered pause) may end later than
 * drawn, when the clock already runs before the net's ceiling: it still ends within that ceiling, the bound the
 * registry's heartbeat relies on, and a line of heads promoted one per section costs no rescheduling at all.
 *
 * <p>Shared holds. When the head of a line of a shared hold (a read-write lock's readers) attempts, it takes the
 * paused readers right behind it along ({@link #claimSharersBehind}): one script admits them all or none, as a claimed
 * head is handed the lock, so a client's readers need one round trip between them, not one each.
 *
 * <p>All state of the line and its turns is guarded by the line's monitor, held only for field updates and
 * non-blocking dispatches; futures are always completed after the monitor is released, so the acquire loop's
 * continuations (which call back into the line) never run under it. Each side keeps its own state private: the line
 * knows its turns' order and its registry entry, a turn its own pauses, and they ask each other through methods.
 * The line is added to and retired by {@link WaitLines} inside {@code ConcurrentHashMap.compute}, so a turn never
 * joins a retired line; a turn that is not the last leaves under the line's monitor alone ({@link #removeUnlessLast}):
 * a line holding turns is never retired, so only the last one out needs the map's lock. On a busy line that is the
 * hand-off path, where the map's lock would be contended by the releasing thread joining again.
 */
final class WaitLine implements WakeChannels.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(WaitLine.class);
    private static final int MAX_HAND_OFFS = 8;
    private static final long MAX_HAND_OFF_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long BACKSTOP_MILLIS = 20;
    static final long BACKSTOP_NANOS = TimeUnit.MILLISECONDS.toNanos(BACKSTOP_MILLIS);
    /** What {@link #removeUnlessLast} answers for the line's last turn: nothing was removed. */
    static final Runnable LAST = () -> { };

    private final WaitContext context;
    private final LockKeys keys;
    /**
     * In arrival order, the head first. A deque: the head is read several times per attempt and leaves once per
     * hand-off, both without a node or an iterator; a turn that gives up from inside the line is found by a scan,
     * which is rare and starts at the head, where the earliest deadlines are.
     */
    private final ArrayDeque<WaitTurn> turns = new ArrayDeque<>(2);
    private final WaiterRegistration registration;
    private WakeChannels.Subscription subscription;
    /** Local hand-offs since this client last took the lock by an attempt or released it normally. */
    private int handOffs;
    /** When the first of those hand-offs was claimed, on the client's ticker. */
    private long handOffsSince;
    /** The line's clock (see the design note): the scheduled task, when it runs, and which one is current. */
    private ScheduledFuture<?> clock;
    private long clockAt;
    private long clockGeneration;

    WaitLine(WaitContext context, LockKeys keys) {
        this.context = context;
        this.keys = keys;
        this.registration = new WaiterRegistration(context.ticker().read());
    }

    LockKeys keys() {
        return keys;
    }

    /** Adds a waiting call's turn at the end: it attempts at once if it is the head, else it is parked. */
    synchronized WaitTurn add(LockOptions options, long deadline, HandOffReceiver receiver) {
        WaitTurn turn = new WaitTurn(context, this, options, deadline, receiver);
        turns.addLast(turn);
        turn.joined(head() == turn);
        return turn;
    }

    synchronized boolean isEmpty() {
        return turns.isEmpty();
    }

    /**
     * {@link #remove} when other turns stay in the line, so it is not retired: then no lock but this line's is needed
     * (the line stays in the client's map while it holds a turn). Returns {@link #LAST}, having changed nothing, if
     * {@code turn} is the last one: the caller then removes it where the line may be retired ({@link WaitLines#leave}).
     */
    synchronized Runnable removeUnlessLast(WaitTurn turn, boolean acquired) {
        return turns.size() <= 1 ? LAST : remove(turn, acquired);
    }

    /**
     * Takes {@code turn} out; if it was the head, returns what starts the next head (to run after all monitors are
     * released), else {@code null}.
     */
    synchronized Runnable remove(WaitTurn turn, boolean acquired) {
        boolean wasHead = head() == turn;
        if (wasHead) {
            turns.pollFirst();
        } else {
            turns.removeFirstOccurrence(turn);
        }
        if (acquired && !turn.handedOff()) {
            handOffs = 0; // the lock came through an attempt: a new run of hand-offs may start
        }
        turn.cancelPending();
        WaitTurn next = head();
        if (!wasHead || next == null) {
            return null;
        }
        // After a shared hold (a read) the next waiter tries at once: a reader may share it, and a writer records
        // its intent, which no release would prompt it to do while readers come and go.
        CompletableFuture<Void> now = next.promote(acquired && !turn.sharesHold() && turn.keptRegistration()
                && registration.inPlace() && subscriptionReady());
        return now == null ? null : () -> now.complete(null);
    }

    /**
     * Claims the head for a direct hand-off if it is paused; returns the claim, or {@code null} (the caller then
     * releases normally). Once the run of hand-offs reached its fairness bound, the claim asks the script to yield
     * to other clients, and a new run starts with it.
     */
    synchronized HandOffClaim claimHead() {
        WaitTurn head = head();
        if (head == null || !head.claim()) {
            return null;
        }
        long now = context.ticker().read();
        boolean boundReached = handOffs >= MAX_HAND_OFFS
                || (handOffs > 0 && now - handOffsSince >= MAX_HAND_OFF_NANOS);
        if (boundReached) {
            handOffs = 0;
        }
        if (handOffs++ == 0) {
            handOffsSince = now;
        }
        return new HandOffClaim(head, boundReached ? context.member() : null, context.member());
    }

    /**
     * The line is empty and out of the client's map: drop the subscription and, if asked, the registry entry. Never
     * throws: it runs inside {@code ConcurrentHashMap.compute} ({@link WaitLines#leave}), where an exception would keep
     * the retired line in the map (a later waiter would join it and trust its closed subscription) and reach the call
     * that happened to leave last, between its grant and its lease. What a refused step leaves behind ends by
     * itself: the entry expires with its heartbeat window, the channel goes with the connection.
     */
    synchronized void retire(boolean forgetRegistration) {
        if (clock != null) {
            clock.cancel(false);
            clock = null;
        }
        if (subscription != null) {
            try {
                subscription.close();
            } catch (RuntimeException e) { // the driver may refuse at once, e.g. on a connection being closed
                LOG.debug("lock '{}': unsubscribing its channel failed: {}", keys.name(), e.toString());
            }
        }
        if (forgetRegistration) {
            try {
                context.backend().forgetWaiter(keys, context.member());
            } catch (RuntimeException e) {
                LOG.debug("lock '{}': removing this client's waiter entry failed; it expires with its heartbeat: {}",
                        keys.name(), e.toString());
            }
        }
    }

    @Override
    public void onMessage(String message) {
        String woken = WakeMessage.wokenClient(message);
        if (woken != null && !woken.equals(context.member())) {
            anotherWoken();
            return;
        }
        if (woken != null) {
            synchronized (this) {
                registration.removedByRelease(context.ticker().read()); // the head's attempt registers again
            }
        }
        if (woken != null || WakeMessage.RELEASED.equals(message)) {
            wakeHead();
        }
    }

    /** A release woke another client: the head arms its backstop (see the design note). */
    private void anotherWoken() {
        synchronized (this) {
            WaitTurn head = head();
            if (head != null) {
                head.anotherWoken();
            }
        }
    }

    @Override
    public void onResubscribed() {
        synchronized (this) {
            // The server may have restarted and lost the registry: the head registers again.
            registration.forget(context.ticker().read());
        }
        wakeHead();
    }

    private void wakeHead() {
        CompletableFuture<Void> due;
        synchronized (this) {
            WaitTurn head = head();
            due = head == null ? null : head.wake();
        }
        if (due != null) {
            due.complete(null);
        }
    }

    private WaitTurn head() {
        return turns.peekFirst();
    }

    /**
     * Makes the line's clock run at {@code when} (ticker time), to end the pauses due by then, unless it already runs
     * no later than {@code latest}; returns {@code false} if the client's timer refuses (the client is closing).
     * Caller holds the monitor.
     */
    boolean wakeBy(long when, long latest) {
        if (clock != null && clockAt - latest <= 0) {
            return true;
        }
        if (clock != null) {
            clock.cancel(false);
        }
        long generation = ++clockGeneration;
        try {
            clock = context.timer().schedule(() -> clockDue(generation),
                    Math.max(0, when - context.ticker().read()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            clock = null;
            return false;
        }
        clockAt = when;
        return true;
    }

    /** The clock runs: ends the due pauses, after releasing the monitor, and schedules itself for the next end. */
    private void clockDue(long generation) {
        List<CompletableFuture<Void>> due = new ArrayList<>();
        synchronized (this) {
            if (generation != clockGeneration || clock == null) {
                return; // rescheduled or retired since
            }
            clock = null;
            long now = context.ticker().read();
            boolean more = false;
            long next = 0;
            for (WaitTurn turn : turns) {
                CompletableFuture<Void> ended = turn.dueAt(now);
                if (ended != null) {
                    due.add(ended);
                } else if (turn.pausing() && (!more || turn.pendingDue() - next < 0)) {
                    next = turn.pendingDue();
                    more = true;
                }
            }
            if (more && !wakeBy(next, next)) {
                for (WaitTurn turn : turns) {
                    CompletableFuture<Void> ended = turn.endPause();
                    if (ended != null) {
                        due.add(ended); // the client is closing: their attempts fail as closed
                    }
                }
            }
        }
        due.forEach(pause -> pause.complete(null));
    }

    /** Whether {@code turn} is the head. Caller holds the monitor. */
    boolean isHead(WaitTurn turn) {
        return head() == turn;
    }

    /** Whether other turns wait besides the head and {@code besides} more. Caller holds the monitor. */
    boolean othersWait(int besides) {
        return turns.size() > 1 + besides;
    }

    /**
     * Claims the paused turns right behind the head {@code head} that share its hold, up to {@code max}, stopping at
     * the first that does not (a writer keeps its place ahead of the readers behind it): the head's attempt asks for
     * them too. Caller holds the monitor.
     */
    List<WaitTurn> claimSharersBehind(WaitTurn head, int max) {
        List<WaitTurn> claimed = new ArrayList<>();
        Iterator<WaitTurn> behind = turns.iterator();
        if (!behind.hasNext() || behind.next() != head) {
            return claimed;
        }
        while (behind.hasNext() && claimed.size() < max) {
            WaitTurn next = behind.next();
            if (!next.sharesHold() || !next.claim()) {
                break;
            }
            claimed.add(next);
        }
        return claimed;
    }

    /** The heartbeat window an attempt prepared at {@code now} registers with (0: none). Caller holds the monitor. */
    long registrationWindow(long now, long heartbeatMillis, boolean subscribed) {
        return registration.windowFor(now, heartbeatMillis, subscribed);
    }

    /** What an attempt's answer tells about the registry entry (see {@link WaiterRegistration#answered}). */
    void registrationAnswered(AcquireReply reply, long attemptAt, long windowMillis, boolean keep,
            boolean subscribed) {
        registration.answered(reply, attemptAt, windowMillis, keep, subscribed);
    }

    /** Whether the channel is subscribed. Caller holds the monitor. */
    boolean subscriptionReady() {
        return subscription != null && subscription.ready().isDone() && !subscription.ready().isCompletedExceptionally();
    }

    /** Subscribes the line's channel on first need; the future completes when Redis confirmed it (or it failed). */
    CompletableFuture<Void> subscribed() {
        if (subscription == null) {
            subscription = context.channels().subscribe(keys.channel(), this);
        }
        return subscription.ready();
    }
}
