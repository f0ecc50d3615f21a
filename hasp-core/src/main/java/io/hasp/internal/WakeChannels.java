package io.hasp.internal;

import java.util.concurrent.CompletableFuture;

/**
 * Where waiters hear that a lock was released: {@link PubSubHub} for a client on one Redis, {@link FanInWakeChannels}
 * over the nodes of a Redlock client. Implementations are thread-safe.
 */
interface WakeChannels {

    /** Receives the messages of one channel. Called on an I/O thread: must not block. */
    interface Listener {
        void onMessage(String message);

        /** The channel was subscribed again after a reconnect: messages may have been lost meanwhile. */
        void onResubscribed();
    }

    /** One listener's hold on a channel. */
    interface Subscription {
        /** Completes once the channel is subscribed; fails if it could not be (waiters then rely on re-checks). */
        CompletableFuture<Void> ready();

        /** Drops this hold; the last hold on a channel unsubscribes it. Idempotent. */
        void close();
    }

    /** Starts delivering {@code channel}'s messages to {@code listener}. */
    Subscription subscribe(String channel, Listener listener);

    /** Closes the connections; later subscriptions fail at once. */
    CompletableFuture<Void> close();
}
