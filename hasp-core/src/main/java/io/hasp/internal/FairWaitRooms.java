package io.hasp.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fair-lock waiters of one client, by lock: each lock with local waiters has a room that holds one subscription
 * to the lock's channel (on the client's shared pub/sub connection) and routes each grant to the one waiter it names,
 * so a hand-off wakes exactly its new owner. A plain release ("r") asks one local waiter to re-check, which hands the
 * lock to the head of the queue if it is free; a resubscription after a reconnect asks all of them.
 *
 * <p>Thread-safe: rooms are created and dropped inside {@code ConcurrentHashMap.compute} on the lock's key, so a
 * waiter never enters a room that is being dropped; message routing reads concurrent maps only.
 */
final class FairWaitRooms {

    /** A fair waiter, as the room sees it. Called on an I/O thread: must not block. */
    interface Waiter {
        void onGrant(WakeMessage grant);

        /** Something may have freed the lock or lost a message: re-check now. */
        void onWake();
    }

    private final PubSubHub hub;
    private final FairLockBackend backend;
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();

    FairWaitRooms(PubSubHub hub, FairLockBackend backend) {
        this.hub = hub;
        this.backend = backend;
    }

    FairLockBackend backend() {
        return backend;
    }

    /** Whether this client has fair waiters on the lock (then the queue is surely not empty: no use trying first). */
    boolean hasWaiters(LockKeys keys) {
        return rooms.containsKey(keys.lockKey());
    }

    /** Adds a waiter; the future completes once the lock's channel is subscribed (or failed to be). */
    CompletableFuture<Void> enter(LockKeys keys, String token, Waiter waiter) {
        Room room = rooms.compute(keys.lockKey(), (key, existing) -> {
            Room r = existing != null ? existing : new Room();
            r.waiters.put(token, waiter);
            if (r.subscription == null) {
                r.subscription = hub.subscribe(keys.channel(), r);
            }
            return r;
        });
        return room.subscription.ready();
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
    }

    private static final class Room implements PubSubHub.Listener {
        final ConcurrentHashMap<String, Waiter> waiters = new ConcurrentHashMap<>();
        PubSubHub.Subscription subscription;

        @Override
        public void onMessage(String message) {
            WakeMessage grant = WakeMessage.parseGrant(message);
            if (grant != null) {
                Waiter waiter = waiters.get(grant.token());
                if (waiter != null) {
                    waiter.onGrant(grant);
                }
            } else if (WakeMessage.RELEASED.equals(message)) {
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
