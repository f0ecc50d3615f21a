package io.hasp.internal;

import io.hasp.HaspException;
import io.hasp.LockAdmin;
import io.lettuce.core.RedisClient;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Several independent Redis masters under one {@link RedlockBackend}: every node has its own connections, breaker
 * and identity ({@link RedlockNode}); waiters hear releases from any node; the admin works over all of them. There
 * are no fair locks: a FIFO queue cannot be kept consistent across independent servers. Thread-safe: immutable
 * after construction.
 */
final class RedlockTopology implements Topology {
    private final RedlockBackend backend;
    private final List<RedlockNode> nodes;
    private final FanInWakeChannels wakeChannels;
    private final RedisClient client;
    /** The client's resources if the connector created them (then closing shuts both down); {@code null} if not. */
    private final ClientResources ownedResources;

    RedlockTopology(RedlockBackend backend, List<RedlockNode> nodes, RedisClient client,
            ClientResources ownedResources) {
        this.backend = backend;
        this.nodes = List.copyOf(nodes);
        this.wakeChannels = new FanInWakeChannels(nodes);
        this.client = client;
        this.ownedResources = ownedResources;
    }

    @Override
    public LockBackend backend() {
        return backend;
    }

    @Override
    public WakeChannels wakeChannels() {
        return wakeChannels;
    }

    @Override
    public FairLocks fairLocks(LockContext plain, String grantChannel) {
        return (keys, options) -> {
            String name = keys.name();
            throw new HaspException(name, "fairLock('" + name + "') is not available on a client over several Redis"
                    + " servers (Redlock): use lock('" + name + "') for the same mutual exclusion without first-come,"
                    + " first-served order, or a client on one Redis (Hasp.connect(uri)) for a fair lock");
        };
    }

    @Override
    public LockAdmin admin(String namespace, ClientLifecycle lifecycle, Duration commandTimeout) {
        return new RedlockLockAdmin(nodes, namespace, lifecycle, commandTimeout);
    }

    @Override
    public Optional<ServerFeatures> serverFeatures() {
        return Optional.empty();
    }

    @Override
    public CompletableFuture<Void> closeAsync() {
        return wakeChannels.close().exceptionally(failure -> null).thenCompose(v -> closeNodes());
    }

    /** Closes every node's connection, then the Lettuce client and its resources if the connector made them. */
    private CompletableFuture<Void> closeNodes() {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (RedlockNode node : nodes) {
            closing.add(node.closeAsync());
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0]));
        if (ownedResources == null) {
            return all;
        }
        return all.thenCompose(v -> client.shutdownAsync(0, 2, TimeUnit.SECONDS))
                .thenCompose(v -> ReconnectPolicy.shutdown(ownedResources));
    }
}
