package io.hasp.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Release notices from every node of a Redlock client. Each node has its own {@link PubSubHub} (its own lazily opened
 * pub/sub connection); a channel is subscribed on every node whose breaker is closed, and a message from any of them
 * reaches the listener.
 *
 * <p>Why any node is enough: a Redlock release goes to every node, and each node where the waiter registered (every
 * node that refused its last attempt) publishes on its own channel. So a waiter is woken as long as one node where
 * the holder's key stood, and where the waiter's subscription was in place, is reachable; otherwise its timed
 * re-check wakes it. One release may arrive up to N times: the wait line treats extra messages as an early re-check.
 *
 * <p>Design note. {@link Subscription#ready()} completes once every node's subscription has settled and at least one
 * was confirmed, so the waiter's final check runs only when every reachable node can deliver the release that
 * follows; it fails only if all failed. Nodes behind an open breaker are skipped, so a dead node does not hold up the
 * waiter. Thread-safe: the node list is fixed, and each subscription's state lives in its futures.
 */
final class FanInWakeChannels implements WakeChannels {
    private final List<RedlockNode> nodes;

    FanInWakeChannels(List<RedlockNode> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    @Override
    public Subscription subscribe(String channel, WakeChannels.Listener listener) {
        List<PubSubHub.Subscription> parts = new ArrayList<>();
        for (RedlockNode node : nodes) {
            if (node.isReachable()) {
                parts.add(node.pubSub().subscribe(channel, listener));
            }
        }
        CompletableFuture<Void> ready = new CompletableFuture<>();
        if (parts.isEmpty()) {
            ready.completeExceptionally(new IllegalStateException("no Redlock node is reachable"));
        }
        AtomicInteger settled = new AtomicInteger();
        AtomicInteger confirmed = new AtomicInteger();
        for (PubSubHub.Subscription part : parts) {
            part.ready().whenComplete((v, failure) -> {
                if (failure == null) {
                    confirmed.incrementAndGet();
                }
                if (settled.incrementAndGet() == parts.size()) {
                    if (confirmed.get() > 0) {
                        ready.complete(null);
                    } else {
                        ready.completeExceptionally(failure);
                    }
                }
            });
        }
        return new Subscription() {
            @Override
            public CompletableFuture<Void> ready() {
                return ready;
            }

            @Override
            public void close() {
                parts.forEach(PubSubHub.Subscription::close);
            }
        };
    }

    @Override
    public CompletableFuture<Void> close() {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (RedlockNode node : nodes) {
            closing.add(node.pubSub().close());
        }
        return CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0]));
    }
}
