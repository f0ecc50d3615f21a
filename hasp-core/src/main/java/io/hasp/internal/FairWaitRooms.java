package io.hasp.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fair-lock waiters of one client. Grants travel on the client's own grant channel (named in each queue entry),
 * so a hand-off reaches only its new owner's client, which routes it by token to that one waiter; the channel is
 * subscribed while the client has any fair waiter. Each lock with local waiters also has a room that holds one
 * subscription to the lock's channel: a plain release ("r", or "r <client>") asks one local waiter to re-check, which hands the lock
 * to the head of the queue if it is free. A resubscription after a reconnect asks every waiter concerned.
 *
 * <p>Thread-safe: rooms are created and dropped inside {@code ConcurrentHashMap.compute} on the lock's key, so a
 * waiter never enters a room that is being dropped; the grant channel's hold is counted under {@code grantsLock},
 * held only to count and to (un)subscribe, which never calls back; message routing reads concurrent maps only.
 */
final class FairWaitRooms {

    /** A fair waiter, as the rooms see it. Called on an I/O thread: must not block. */
    interface Waiter {
        void onGrant(WakeMessage grant);

        /** Something may have freed the lock or lost a message: re-check now. */
        void onWake();
    }

    private final PubSubHub hub;
    private final FairLockBackend backend;
    private final String grantChannel;
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Waiter> byToken = new ConcurrentHashMap<>();
    private final GrantRouter router = new GrantRouter();
    private final Object grantsLock = new Object();
    private int waiting; // guarded by grantsLock
    private PubSubHub.Subscription grants; // guarded by grantsLock

    /** {@code grantChannel}: this client's own channel, unique to it, inside the namespace. */
    FairWaitRooms(PubSubHub hub, FairLockBackend backend, String grantChannel) {
        this.hub = hub;
        this.backend = backend;
        this.grantChannel = grantChannel;
    }

    FairLockBackend backend() {
        return backend;
    }

    /** The channel on which this client hears grants to its waiters. */
    String grantChannel() {
        return grantChannel;
    }

    /** Whether this client has fair waiters on the lock (then the queue is surely not empty: no use trying first). */
    boolean hasWaiters(LockKeys keys) {
        return rooms.containsKey(keys.lockKey());
    }

    /** Adds a waiter; the future completes once its channels are subscribed (or failed to be). */
    CompletableFuture<Void> enter(LockKeys keys, String token, Waiter waiter) {
        byToken.put(token, waiter);
        PubSubHub.Subscription grantHold;
        synchronized (grantsLock) {
            if (waiting++ == 0) {
                grants = hub.subscribe(grantChannel, router);
            }
            grantHold = grants;
        }
        Room room = rooms.compute(keys.lockKey(), (key, existing) -> {
            Room r = existing != null ? existing : new Room();
            r.waiters.put(token, waiter);
            if (r.subscription == null) {
                r.subscription = hub.subscribe(keys.channel(), r);
            }
            return r;
        });
        return CompletableFuture.allOf(grantHold.ready(), room.subscription.ready());
    }

    /** Removes a waiter; the last one out drops the subscription. */
    void exit(LockKeys keys, String token) {
        rooms.computeIfPresent(keys.lockKey(), (key, room) -> {
            room.waiters.remove(token);
            if (!room.waiters.isEmpty()) {
                return room;
            }
            room.subscription.close();
            return null;
        });
        if (byToken.remove(token) == null) {
            return; // exit without enter, or a second exit: the count was not raised for it
        }
        synchronized (grantsLock) {
            if (--waiting == 0) {
                grants.close();
                grants = null;
            }
        }
    }

    /** Routes the grants on this client's channel to the waiter each names. */
    private final class GrantRouter implements PubSubHub.Listener {
        @Override
        public void onMessage(String message) {
            WakeMessage grant = WakeMessage.parseGrant(message);
            Waiter waiter = grant == null ? null : byToken.get(grant.token());
            if (waiter != null) {
                waiter.onGrant(grant);
            }
        }

        @Override
        public void onResubscribed() {
            byToken.values().forEach(Waiter::onWake);
        }
    }

    private static final class Room implements PubSubHub.Listener {
        final ConcurrentHashMap<String, Waiter> waiters = new ConcurrentHashMap<>();
        PubSubHub.Subscription subscription;

        @Override
        public void onMessage(String message) {
            // A plain release, naming a plain waiter's client or not: the lock may be free for the queue's head.
            if (WakeMessage.RELEASED.equals(message) || WakeMessage.wokenClient(message) != null) {
                for (Waiter waiter : waiters.values()) {
                    waiter.onWake();
                    return;
                }
            }
        }

        @Override
        public void onResubscribed() {
            waiters.values().forEach(Waiter::onWake);
        }
    }
}
