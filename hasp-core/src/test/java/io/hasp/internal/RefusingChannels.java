package io.hasp.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wake channels for tests without Redis: every channel is subscribed at once and carries no messages; the test
 * counts subscriptions and unsubscriptions, and may have every unsubscribe refused at once, as a driver does on a
 * connection being closed.
 */
class RefusingChannels implements WakeChannels {
    final AtomicInteger subscribed = new AtomicInteger();
    final AtomicInteger unsubscribed = new AtomicInteger();
    private final boolean refuseUnsubscribe;

    RefusingChannels(boolean refuseUnsubscribe) {
        this.refuseUnsubscribe = refuseUnsubscribe;
    }

    @Override
    public Subscription subscribe(String channel, Listener listener) {
        subscribed.incrementAndGet();
        return new Subscription() {
            @Override
            public CompletableFuture<Void> ready() {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void close() {
                unsubscribed.incrementAndGet();
                if (refuseUnsubscribe) {
                    throw new IllegalStateException("Connection is closed");
                }
            }
        };
    }

    @Override
    public CompletableFuture<Void> close() {
        return CompletableFuture.completedFuture(null);
    }
}
