package io.hasp.internal;

import io.hasp.LockAdmin;
import io.hasp.RedisAuthenticationException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One keyspace: one Redis, the primary a Sentinel group names, or a Redis Cluster (whose connection routes each lock's
 * keys, which share a hash tag, to their slot's primary). One shared command connection for every lock, the wake
 * channels (one pub/sub connection opened on the first wait, or on a Redis 7+ cluster one per primary, see
 * {@link ShardedWakeChannels}), fair locks and an admin over the same connection.
 * {@link SingleNodeConnector} and {@link ClusterConnector} make it. Thread-safe: immutable after construction.
 */
final class SingleNodeTopology implements Topology {
    private final StatefulConnection<String, String> connection;
    private final RedisClusterAsyncCommands<String, String> commands;
    private final ServerFeatures features;
    private final SingleNodeBackend backend;
    private final WakeChannels pubSub;
    /** Shuts down the Lettuce client the connections came from, if Hasp created it. */
    private final Supplier<CompletableFuture<Void>> shutdownClient;
    /** Whether the Redis serving a key refused the connection's credentials on its last reconnect. */
    private final Function<String, Optional<RedisAuthenticationException>> refusal;

    SingleNodeTopology(StatefulConnection<String, String> connection, RedisClusterAsyncCommands<String, String> commands,
            ServerFeatures features, WakeChannels pubSub, Supplier<CompletableFuture<Void>> shutdownClient,
            Function<String, Optional<RedisAuthenticationException>> refusal) {
        this.refusal = refusal;
        this.connection = connection;
        this.commands = commands;
        this.features = features;
        this.backend = new SingleNodeBackend(commands, features);
        this.pubSub = pubSub;
        this.shutdownClient = shutdownClient;
    }

    @Override
    public LockBackend backend() {
        return backend;
    }

    @Override
    public WakeChannels wakeChannels() {
        return pubSub;
    }

    @Override
    public FairLocks fairLocks(LockContext plain, String clientId) {
        FairLockBackend fairBackend = new FairLockBackend(backend.scripts(), backend);
        FairWaitLines lines = new FairWaitLines(pubSub, fairBackend, clientId);
        LockContext fair = new LockContext(fairBackend, plain.waitLines(), plain.ticker(), plain.timer(),
                plain.executor(), plain.watchdog(), plain.events(), plain.lifecycle());
        return (keys, options) -> new RedisLock(fair, keys, options, lines);
    }

    @Override
    public LockBackend replicaAcked(String lockName, int replicas, long timeoutMillis) {
        return new ReplicaAckBackend(backend, replicas, timeoutMillis);
    }

    @Override
    public LockAdmin admin(String namespace, ClientLifecycle lifecycle, Duration commandTimeout) {
        return new RedisLockAdmin(commands, backend.scripts(), namespace, lifecycle);
    }

    @Override
    public Optional<PrimitiveServer> primitiveServer() {
        return Optional.of(new PrimitiveServer(commands, backend));
    }

    @Override
    public Optional<ServerFeatures> serverFeatures() {
        return Optional.of(features);
    }

    @Override
    public Optional<RedisAuthenticationException> refusal(String key) {
        return refusal.apply(key);
    }

    @Override
    public CompletableFuture<Void> closeAsync() {
        CompletableFuture<Void> closing = pubSub.close().exceptionally(failure -> null)
                .thenCompose(v -> connection.closeAsync());
        return closing.thenCompose(v -> shutdownClient.get());
    }
}
