package io.hasp.internal;

import io.hasp.LockOptions;
import io.hasp.Ticker;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

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
 * <p>Thread-safe. Lines live in a concurrent map; a line is created and retired inside {@code compute} on its key, so
 * a waiter never joins a line that is being retired. Nothing blocks.
 */
final class WaitLines {
    private final WaitContext context;
    private final ConcurrentHashMap<String, WaitLine> lines = new ConcurrentHashMap<>();

    WaitLines(WakeChannels channels, LockBackend backend, ScheduledExecutorService timer, Ticker ticker) {
        this.context = new WaitContext(channels, backend, timer, ticker, "w:" + UUID.randomUUID());
    }

    /**
     * Puts a waiting call at the end of its lock's line, creating the line if needed. The call attempts first when
     * {@link WaitTurn#firstAttempt} completes; releases of this client may hand it the lock through {@code receiver}.
     */
    WaitTurn join(LockKeys keys, LockOptions options, long deadline, HandOffReceiver receiver) {
        WaitTurn[] turn = new WaitTurn[1];
        lines.compute(keys.lockKey(), (key, line) -> {
            WaitLine joined = line != null ? line : new WaitLine(context, keys);
            turn[0] = joined.add(options, deadline, receiver);
            return joined;
        });
        return turn[0];
    }

    /**
     * The call of {@code turn} is over ({@code acquired}: its last attempt took the lock); later calls are ignored.
     * The last one out retires the line: unsubscribes, and removes the client's registry entry unless the last
     * attempt already did (it took the lock and said nobody else waits here). Both are dispatched inside
     * {@code compute}, so they reach Redis before anything a new line for the lock sends.
     */
    void leave(WaitTurn turn, boolean acquired) {
        WaitLine line = turn.leaving();
        if (line == null) {
            return;
        }
        Runnable[] wake = new Runnable[1];
        lines.computeIfPresent(line.keys().lockKey(), (key, current) -> {
            if (current != line) {
                return current;
            }
            wake[0] = line.remove(turn, acquired);
            if (!line.isEmpty()) {
                return line;
            }
            line.retire(!acquired || turn.keptRegistration());
            return null;
        });
        if (wake[0] != null) {
            wake[0].run();
        }
    }

    /** Whether this client has waiters on the lock right now (its release must then be able to notify them). */
    boolean hasLocalWaiters(LockKeys keys) {
        return lines.containsKey(keys.lockKey());
    }

    /**
     * Claims this client's next waiter on the lock for a direct hand-off, or returns {@code null} if there is none
     * ready. A claimed waiter sends no attempt until the releaser reports the outcome to the claim's receiver.
     */
    HandOffClaim claimHandOff(LockKeys keys) {
        WaitLine line = lines.get(keys.lockKey());
        return line == null ? null : line.claimHead();
    }
}
