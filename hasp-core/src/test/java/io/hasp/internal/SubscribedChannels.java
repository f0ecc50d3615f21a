package io.hasp.internal;

import java.util.concurrent.CompletableFuture;

/** Channels that are subscribed at once and carry no messages. */
final class SubscribedChannels implements WakeChannels {
    @Override
    public Subscription subscribe(String channel, Listener listener) {
        return new Subscription() {
            @Override
            public CompletableFuture<Void> ready() {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public CompletableFuture<Void> close() {
        return CompletableFuture.completedFuture(null);
    }
}
