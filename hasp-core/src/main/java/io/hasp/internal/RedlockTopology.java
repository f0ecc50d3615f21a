package io.hasp.internal;

import io.hasp.HaspException;
import io.hasp.LockAdmin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

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
    /** The Lettuce client the connections came from; closing shuts it down if Hasp created it. */
    private final LettuceClient lettuce;

    RedlockTopology(RedlockBackend backend, List<RedlockNode> nodes, LettuceClient lettuce) {
        this.backend = backend;
        this.nodes = List.copyOf(nodes);
        this.wakeChannels = new FanInWakeChannels(nodes);
        this.lettuce = lettuce;
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
    public FairLocks fairLocks(LockContext plain, String clientId) {
        return (keys, options) -> {
            String name = keys.name();
            throw new HaspException(name, "fairLock('" + name + "') is not available on a client over several Redis"
                    + " servers (Redlock): use lock('" + name + "') for the same mutual exclusion without first-come,"
                    + " first-served order, or a client on one Redis (Hasp.connect(uri)) for a fair lock");
        };
    }

    @Override
    public LockBackend replicaAcked(String lockName, int replicas, long timeoutMillis) {
        throw new HaspException(lockName, "replicaAcks is for a primary with replicas (Sentinel or Redis Cluster);"
                + " a Redlock client's servers are independent masters");
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
        return all.thenCompose(v -> lettuce.shutdownIfOwned());
    }
}
