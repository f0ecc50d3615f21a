package io.hasp.internal;

import io.hasp.LockOptions;
import io.hasp.Ticker;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The waiting of one client: a waiter is woken by the release of the lock it waits for, through the client's one
 * pub/sub connection (one per node for a Redlock client, see {@link FanInWakeChannels}), with a timed re-check as the
 * safety net. The flow of one waiting call: {@link AcquireLoop} joins the lock's line here and gets a
 * {@link WaitTurn}; the turn says when to attempt and what each attempt registers; a release wakes the line's head
 * (or hands it the lock, {@link #claimHandOff}); the loop retries; when the call ends it leaves the line here.
 *
 * <p>How it works. The waiters of one lock in this client form a local {@link WaitLine}. Only the line's head talks to
 * Redis; the others wait their turn in this JVM, so a release makes at most one attempt per waiting client, not one
 * per waiting thread. The head's failed attempt registers this client in the lock's waiter registry in the same script
 * (one entry per client and lock, written once per wait and refreshed every quarter heartbeat window by whichever
 * attempt falls due, dropped by Redis-side expiry if the client dies; the attempts in between leave it alone), and
 * the line subscribes to the lock's channel before its final check, so no release can slip between the check and the
 * wait; that check registers the client again, since a release before the subscription may have named it and
 * removed its entry unheard ({@link WaiterRegistration}). A release that finds the registry non-empty wakes one
 * client in the same script: it removes the entry written longest ago and publishes that client's waiter id on the
 * channel; the message wakes that client's head, which attempts at once, without any backoff, while the other
 * clients' heads re-check only if no further release follows within a short backstop (see {@link WaitLine}). Every
 * head re-checks anyway after min(holder's remaining lease, jittered capped backoff, half the heartbeat window), which
 * also keeps the registry entry fresh. When the line empties, the client's registry entry is removed and the channel
 * unsubscribed. A release by this client hands the lock straight to the line's head when it can (see
 * {@link WaitLine}): no attempt, no publish; after a run of such hand-offs it yields to a waiting client of another
 * process, if there is one.
 *
 * <p>A single try first. On a backend that allows it ({@link LockBackend#triesBeforeWaiting}), a waiting call that
 * finds nobody of this client on its lock marks the lock as tried ({@link #tryAlone}) and makes a single try, which
 * registers nothing; if the try takes the lock, no line is ever made (the uncontended acquire). Calls that arrive
 * while the try is in flight do not ask Redis: they wait behind it, in arrival order, and when the try is answered
 * ({@link #tried}) they join the line behind the trying call, which is its head if it was refused, or form the line
 * if it took the lock, and each is told its turn ({@link Joiner#joinedLine}). So only one call of this client asks
 * Redis at a time, as with a line; they wait at most the try's round trip longer for their turn. A lock whose line
 * this client retired less than {@value #CONTENDED_MILLIS} ms ago counts as contended, and its calls join a line at
 * once, as without the try: on a busy lock, local waiters then stay in a line where a release can hand them the lock
 * (a call waiting behind a try cannot be handed it), and no try is sent that this client's own hold would refuse.
 *
 * <p>Thread-safe. Lines live in a concurrent map, with the marks of single tries in flight (the trying call itself,
 * or a {@link Crowd} once others wait behind it); a line is created and retired, and a mark set, extended and
 * replaced, inside {@code compute} (or the map's own atomic put and remove) on its key, so a waiter never joins a line
 * that is being retired, nor a try that was answered. A waiter that leaves others in its line leaves under the line's
 * monitor only, without the map's lock: a line that holds a turn is never retired. Nothing blocks.
 */
final class WaitLines {
    /** How long after its line was retired a lock counts as contended (see the class note). */
    static final long CONTENDED_MILLIS = 1000;
    private static final long CONTENDED_NANOS = TimeUnit.MILLISECONDS.toNanos(CONTENDED_MILLIS);
    /** At most this many locks are remembered as contended; past it the memory starts again (a rare, cheap reset). */
    private static final int CONTENDED_KEPT = 4096;

    private final WaitContext context;
    /** By lock key: when this client last retired the lock's line, on the client's ticker. */
    private final ConcurrentHashMap<String, Long> contended = new ConcurrentHashMap<>();
    /** By lock key: the lock's {@link WaitLine}, or the mark of a single try in flight (a {@link Joiner}, a Crowd). */
    private final ConcurrentHashMap<String, Object> lines = new ConcurrentHashMap<>();

    WaitLines(WakeChannels channels, LockBackend backend, ScheduledExecutorService timer, Ticker ticker) {
        this.context = new WaitContext(channels, backend, timer, ticker, "w:" + UUID.randomUUID());
    }

    /**
     * A waiting call of this client that may wait behind another's single try, and is then given its turn later.
     * Thread-safe; {@link #joinedLine} may be called on an I/O thread and must not block.
     */
    interface Joiner extends HandOffReceiver {
        /** The call's turn in its lock's line, which it joined behind the single try it waited for. */
        void joinedLine(WaitTurn turn);
    }

    /**
     * Marks the lock as tried by {@code trier} if nobody of this client waits for it or tries it: the call then makes
     * a single try and reports its answer to {@link #tried}, whatever becomes of it. Returns whether it may.
     */
    boolean tryAlone(LockKeys keys, Joiner trier) {
        Long retiredAt = contended.get(keys.lockKey());
        if (retiredAt != null) {
            if (context.ticker().read() - retiredAt < CONTENDED_NANOS) {
                return false;
            }
            contended.remove(keys.lockKey(), retiredAt);
        }
        return lines.putIfAbsent(keys.lockKey(), trier) == null;
    }

    /**
     * Puts a waiting call at the end of its lock's line, creating the line if needed, and returns its turn; or, if a
     * single try of another call is in flight, puts it behind that try and returns {@code null}: it is given its turn
     * when the try is answered ({@link Joiner#joinedLine}). The call attempts first when {@link WaitTurn#firstAttempt}
     * completes; releases of this client may hand it the lock through {@code receiver}.
     */
    WaitTurn join(LockKeys keys, LockOptions options, long deadline, Joiner receiver) {
        WaitTurn[] turn = new WaitTurn[1];
        lines.compute(keys.lockKey(), (key, current) -> {
            if (current == null || current instanceof WaitLine) {
                WaitLine joined = current != null ? (WaitLine) current : new WaitLine(context, keys);
                turn[0] = joined.add(options, deadline, receiver);
                return joined;
            }
            Crowd crowd = current instanceof Crowd behind ? behind : new Crowd((Joiner) current);
            crowd.followers.add(new Follower(options, deadline, receiver));
            return crowd;
        });
        return turn[0];
    }

    /**
     * The single try that {@code trier} marked ({@link #tryAlone}) was answered. If the call waits on
     * ({@code waits}: it was refused and still has time), it joins the line first and its turn is returned, else
     * {@code null}; the calls that waited behind the try join after it in their order, and are told their turns.
     */
    WaitTurn tried(LockKeys keys, Joiner trier, boolean waits, LockOptions options, long deadline) {
        if (!waits && lines.remove(keys.lockKey(), trier)) {
            return null; // the usual case: nobody came, nothing to make
        }
        WaitTurn[] own = new WaitTurn[1];
        List<Follower> followers = new ArrayList<>();
        List<WaitTurn> turns = new ArrayList<>();
        lines.compute(keys.lockKey(), (key, current) -> {
            if (current instanceof Crowd crowd && crowd.trier == trier) {
                followers.addAll(crowd.followers);
            } else if (current != trier) {
                throw new IllegalStateException("no single try of this call is marked on " + keys.name());
            }
            if (!waits && followers.isEmpty()) {
                return null;
            }
            WaitLine line = new WaitLine(context, keys);
            if (waits) {
                own[0] = line.add(options, deadline, trier);
            }
            for (Follower follower : followers) {
                turns.add(line.add(follower.options(), follower.deadline(), follower.call()));
            }
            return line;
        });
        for (int i = 0; i < followers.size(); i++) {
            followers.get(i).call().joinedLine(turns.get(i));
        }
        return own[0];
    }

    /** The calls waiting behind a single try in flight, in arrival order. Guarded by {@code compute} on its key. */
    private static final class Crowd {
        private final Joiner trier;
        private final List<Follower> followers = new ArrayList<>(2);

        Crowd(Joiner trier) {
            this.trier = trier;
        }
    }

    /** A call waiting behind a single try: what its turn is made of. */
    private record Follower(LockOptions options, long deadline, Joiner call) {
    }

    /**
     * The call of {@code turn} is over ({@code acquired}: its last attempt took the lock); later calls are ignored.
     * A turn that leaves others behind leaves under its line's monitor only; the last one out retires the line:
     * unsubscribes, and removes the client's registry entry unless the last attempt already did (it took the lock and
     * said nobody else waits here). Both are dispatched inside {@code compute}, so they reach Redis before anything a
     * new line for the lock sends.
     */
    void leave(WaitTurn turn, boolean acquired) {
        WaitLine line = turn.leaving();
        if (line == null) {
            return;
        }
        Runnable others = line.removeUnlessLast(turn, acquired); // a busy line: no map lock, the line stays
        if (others != WaitLine.LAST) {
            if (others != null) {
                others.run();
            }
            return;
        }
        Runnable[] wake = new Runnable[1];
        boolean[] retired = new boolean[1];
        lines.computeIfPresent(line.keys().lockKey(), (key, current) -> {
            if (current != line) {
                return current;
            }
            wake[0] = line.remove(turn, acquired);
            if (!line.isEmpty()) {
                return line;
            }
            line.retire(!acquired || turn.keptRegistration());
            retired[0] = true;
            return null;
        });
        if (retired[0]) {
            if (contended.size() >= CONTENDED_KEPT) {
                contended.clear();
            }
            contended.put(line.keys().lockKey(), context.ticker().read());
        }
        if (wake[0] != null) {
            wake[0].run();
        }
    }

    /** Whether this client has waiters on the lock right now (its release must then be able to notify them). */
    boolean hasLocalWaiters(LockKeys keys) {
        return lines.containsKey(keys.lockKey()); // a call making a single try counts: it may wait next
    }

    /**
     * Claims this client's next waiter on the lock for a direct hand-off, or returns {@code null} if there is none
     * ready. A claimed waiter sends no attempt until the releaser reports the outcome to the claim's receiver.
     */
    HandOffClaim claimHandOff(LockKeys keys) {
        return lines.get(keys.lockKey()) instanceof WaitLine line ? line.claimHead() : null;
    }
}
