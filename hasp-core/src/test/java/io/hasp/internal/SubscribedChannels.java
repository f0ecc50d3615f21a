package io.hasp.internal;

import java.util.concurrent.CompletableFuture;

/** Wake channels for tests without Redis: every channel is subscribed at once and carries no messages. */
class SubscribedChannels implements WakeChannels {
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
