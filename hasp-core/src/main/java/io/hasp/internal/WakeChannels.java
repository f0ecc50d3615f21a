package io.hasp.internal;

import java.util.concurrent.CompletableFuture;

/**
 * Where waiters hear that a lock was released: {@link PubSubHub} for a client on one Redis, {@link FanInWakeChannels}
 * over the nodes of a Redlock client. Implementations are thread-safe.
 */
interface WakeChannels {

    /** One listener's hold on a channel. */
    interface Subscription {
        /** Completes once the channel is subscribed; fails if it could not be (waiters then rely on re-checks). */
        CompletableFuture<Void> ready();

        /** Drops this hold; the last hold on a channel unsubscribes it. Idempotent. */
        void close();
    }

    /** Starts delivering {@code channel}'s messages to {@code listener}. */
    Subscription subscribe(String channel, PubSubHub.Listener listener);

    /** Closes the connections; later subscriptions fail at once. */
    CompletableFuture<Void> close();
}
