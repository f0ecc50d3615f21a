package io.hasp.internal;

import java.util.concurrent.CompletableFuture;

/**
 * Wake channels for tests without Redis: every channel is subscribed at once, or when the test confirms it, and
 * carries no messages.
 */
class SubscribedChannels implements WakeChannels {
    private final CompletableFuture<Void> confirmed;
    /** The last listener subscribed, for a test that plays the channel's events to it. */
    volatile Listener listener;

    /** Channels subscribed at once. */
    SubscribedChannels() {
        this(CompletableFuture.completedFuture(null));
    }

    /** Channels subscribed when the test completes {@code confirmed}. */
    SubscribedChannels(CompletableFuture<Void> confirmed) {
        this.confirmed = confirmed;
    }

    @Override
    public Subscription subscribe(String channel, Listener listener) {
        this.listener = listener;
        return new Subscription() {
            @Override
            public CompletableFuture<Void> ready() {
                return confirmed;
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
