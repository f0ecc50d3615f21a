package io.hasp.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fair-lock waiters of one client. Each lock with local waiters has a line: its waiters in call order, and, once
 * one of them must queue, two subscriptions: the lock's channel, where a plain release ("r", or "r <client>") asks
 * the earliest local waiter to re-check, which hands the lock to the head of the queue if it is free; and the
 * client's own grant channel for that lock (named in each of its queue entries, and in the lock's slot like every
 * key of the lock, so a Redis 7 cluster's sharded pub/sub carries it), where a hand-off reaches only its new owner's
 * client, which routes it by token to that one waiter. A resubscription after a reconnect or a move asks every
 * waiter of the line to re-check.
 *
 * <p>Call order. A waiter joins its line when it is called. The first one of an empty line tries once before
 * queueing; every other waiter sends its first queueing attempt only when the line lets it, which is when the
 * channels are subscribed and every waiter that called before it has sent its own (or left). The line dispatches
 * those attempts itself, one after the other on the client's one command connection, so Redis queues the waiters of
 * one client in the order they called, whatever the state of the connections (completing a shared future instead
 * would run its dependents in reverse).
 *
 * <p>Thread-safe: lines are created and dropped inside {@code ConcurrentHashMap.compute} on the lock's key, so a
 * waiter never enters a line that is being dropped; a line's state is guarded by its monitor, held only to update it
 * (also inside {@code compute}: map bin, then monitor). No waiter is called under the monitor: an attempt's reply may
 * already be complete, so its completion runs on the sending thread and may end the call and {@link #exit}, which
 * takes the map bin; sending under the monitor would deadlock with an {@link #enter} that holds the bin and waits for
 * the monitor. So the due waiters move, under the monitor and in call order, to the line's send queue, which one
 * thread at a time drains outside it: a thread that finds a drain under way (another thread's, or its own further up
 * the stack, when a completion run inline advances the line) only adds to the queue, and the drain sends that too,
 * after what it has in hand, so the attempts still go out in call order. Message routing reads concurrent maps, or
 * picks a waiter under the line's monitor and calls it after.
 */
final class FairWaitLines {
    private static final Logger LOG = LoggerFactory.getLogger(FairWaitLines.class);

    /** A fair waiter, as the lines see it. Called on an I/O thread: must not block. */
    interface Waiter {
        void onGrant(WakeMessage grant);

        /** Something may have freed the lock or lost a message: re-check now. */
        void onWake();

        /** Its turn to queue: send the first queueing attempt now (called by the line's drain, in call order). */
        void queueNow();
    }

    private final WakeChannels hub;
    private final FairLockBackend backend;
    private final String clientId;
    private final ConcurrentHashMap<String, Line> lines = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Waiter> byToken = new ConcurrentHashMap<>();

    /** {@code clientId}: unique to this client; it names the client's grant channels. */
    FairWaitLines(WakeChannels hub, FairLockBackend backend, String clientId) {
        this.hub = hub;
        this.backend = backend;
        this.clientId = clientId;
    }

    FairLockBackend backend() {
        return backend;
    }

    /** The channel on which this client hears grants of {@code keys}' lock to its waiters. */
    String grantChannel(LockKeys keys) {
        return keys.sideKey("grants:" + clientId);
    }

    /**
     * Adds a waiter at the end of its lock's line. Returns {@code true} if the line was empty: the waiter then tries
     * once and calls {@link #tried} if it must queue; either way it then calls {@link #advance}, and the line calls
     * its {@link Waiter#queueNow} in turn.
     */
    boolean enter(LockKeys keys, String token, Waiter waiter) {
        byToken.put(token, waiter);
        boolean[] first = new boolean[1];
        lines.compute(keys.lockKey(), (key, existing) -> {
            Line r = existing != null ? existing : new Line(keys);
            first[0] = r.add(token, waiter);
            return r;
        });
        return first[0];
    }

    /** The line's first waiter tried and must queue: it goes ahead of the waiters that called after it. */
    void tried(LockKeys keys, String token) {
        Line line = lines.get(keys.lockKey());
        if (line != null) {
            line.tried(token);
        }
    }

    /**
     * Lets the line's waiters queue whose turn it is, subscribing the channels first. {@code overdue}: a waiter's
     * re-check came due before its turn, the channels are taking long to subscribe, so the line lets them queue now,
     * still in call order (their re-checks cover a lost grant).
     */
    void advance(LockKeys keys, boolean overdue) {
        Line line = lines.get(keys.lockKey());
        if (line != null) {
            line.advance(overdue);
        }
    }

    /** Removes a waiter; the last one out drops the line and its subscription. */
    void exit(LockKeys keys, String token) {
        Line[] advance = new Line[1];
        lines.computeIfPresent(keys.lockKey(), (key, line) -> {
            if (!line.remove(token)) {
                advance[0] = line;
                return line;
            }
            line.close();
            return null;
        });
        byToken.remove(token);
        if (advance[0] != null) {
            advance[0].advance(false); // the one that left may have been the one the others waited for
        }
    }

    /** The local waiters of one lock, in call order. */
    private final class Line implements WakeChannels.Listener {
        private final LockKeys keys;
        // Sized for the usual line, one waiter that takes a free lock: a line is made for every acquire call that
        // finds none, and the default sizes (16 slots each) were most of what such a call allocates for it.
        private final LinkedHashMap<String, Waiter> waiters = new LinkedHashMap<>(2);
        /** Waiters that have not sent their first queueing attempt, in call order. */
        private final ArrayDeque<String> toQueue = new ArrayDeque<>(1);
        /** Waiters whose turn to queue has come and whose attempt the drain has yet to send, in call order. */
        private final ArrayDeque<String> toSend = new ArrayDeque<>(1);
        /** Whether a thread is draining {@link #toSend}. */
        private boolean draining;
        /** The first waiter while it tries once before queueing: nobody behind it queues before it does. */
        private String trying;
        private WakeChannels.Subscription subscription;
        private WakeChannels.Subscription grants;
        /** Completes once both channels have settled (subscribed, or failed: re-checks then cover messages). */
        private CompletableFuture<Void> settled;

        Line(LockKeys keys) {
            this.keys = keys;
        }

        /** Adds a waiter; {@code true} if it is the first (it tries first). Runs inside {@code compute}. */
        synchronized boolean add(String token, Waiter waiter) {
            boolean first = waiters.isEmpty();
            waiters.put(token, waiter);
            toQueue.add(token);
            if (first) {
                trying = token;
            }
            return first;
        }

        synchronized void tried(String token) {
            if (token.equals(trying)) {
                trying = null;
            }
        }

        /** Removes a waiter; {@code true} if the line is now empty. Runs inside {@code compute}. */
        synchronized boolean remove(String token) {
            waiters.remove(token);
            toQueue.remove(token);
            toSend.remove(token);
            if (token.equals(trying)) {
                trying = null;
            }
            return waiters.isEmpty();
        }

        /** Sends the first queueing attempts that are due, in call order; subscribes the channels on first need. */
        void advance(boolean overdue) {
            CompletableFuture<Void> subscribing;
            synchronized (this) {
                if (toQueue.isEmpty() || toQueue.peek().equals(trying)) {
                    return;
                }
                if (settled == null) {
                    grants = hub.subscribe(grantChannel(keys), this);
                    subscription = hub.subscribe(keys.channel(), this);
                    settled = CompletableFuture.allOf(grants.ready(), subscription.ready())
                            .handle((v, f) -> null);
                }
                subscribing = settled;
                if (subscribing.isDone() || overdue) {
                    while (!toQueue.isEmpty() && !toQueue.peek().equals(trying)) {
                        toSend.add(toQueue.poll());
                    }
                    if (draining) {
                        return; // the drain under way sends them after what it has in hand
                    }
                    draining = true;
                    subscribing = null;
                }
            }
            if (subscribing != null) {
                subscribing.thenRun(() -> advance(false));
            } else {
                drain();
            }
        }

        /**
         * Sends the queued attempts one after the other, outside the monitor, until none is left. If one throws, the
         * drain ends and the rest go with the line's next advance (a waiter's timed re-check advances it).
         */
        private void drain() {
            boolean emptied = false;
            try {
                while (true) {
                    Waiter next;
                    synchronized (this) {
                        String token = toSend.poll();
                        if (token == null) {
                            draining = false;
                            emptied = true;
                            return;
                        }
                        next = waiters.get(token);
                    }
                    next.queueNow();
                }
            } finally {
                if (!emptied) {
                    synchronized (this) {
                        draining = false;
                    }
                }
            }
        }

        /**
         * Drops the subscriptions; the line is out of the map. Never throws: it runs inside {@code compute}, where an
         * exception would keep the dropped line in the map and reach the call that left last (see
         * {@link WaitLine#retire}); a channel whose unsubscribe was refused goes with the connection.
         */
        synchronized void close() {
            if (subscription != null) {
                unsubscribe(subscription);
                unsubscribe(grants);
            }
        }

        private void unsubscribe(WakeChannels.Subscription held) {
            try {
                held.close();
            } catch (RuntimeException e) { // the driver may refuse at once, e.g. on a connection being closed
                LOG.debug("lock '{}': unsubscribing a fair lock channel failed: {}", keys.name(), e.toString());
            }
        }

        @Override
        public void onMessage(String message) {
            WakeMessage grant = WakeMessage.parseGrant(message);
            if (grant != null) {
                Waiter waiter = byToken.get(grant.token());
                if (waiter != null) {
                    waiter.onGrant(grant);
                }
                return;
            }
            // A plain release, naming a plain waiter's client or not: the lock may be free for the queue's head.
            if (WakeMessage.RELEASED.equals(message) || WakeMessage.wokenClient(message) != null) {
                Waiter earliest;
                synchronized (this) {
                    earliest = waiters.isEmpty() ? null : waiters.values().iterator().next();
                }
                if (earliest != null) {
                    earliest.onWake();
                }
            }
        }

        @Override
        public void onResubscribed() {
            List<Waiter> all;
            synchronized (this) {
                all = new ArrayList<>(waiters.values());
            }
            all.forEach(Waiter::onWake);
        }
    }
}
