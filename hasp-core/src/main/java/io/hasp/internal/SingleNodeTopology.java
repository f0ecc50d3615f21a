package io.hasp.internal;

import io.hasp.LockAdmin;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One Redis: one shared command connection for every lock, one pub/sub connection (opened on the first wait) that
 * wakes every waiter, fair locks and an admin over the same connection. Thread-safe: immutable after construction.
 */
final class SingleNodeTopology implements Topology {
    private final StatefulRedisConnection<String, String> connection;
    private final ServerFeatures features;
    private final SingleNodeBackend backend;
    private final PubSubHub pubSub;
    /** The Lettuce client the connections came from; closing shuts it down if Hasp created it. */
    private final LettuceClient lettuce;

    SingleNodeTopology(StatefulRedisConnection<String, String> connection, ServerFeatures features, PubSubHub pubSub,
            LettuceClient lettuce) {
        this.connection = connection;
        this.features = features;
        this.backend = new SingleNodeBackend(connection.async(), features);
        this.pubSub = pubSub;
        this.lettuce = lettuce;
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
    public FairLocks fairLocks(LockContext plain, String grantChannel) {
        FairLockBackend fairBackend = new FairLockBackend(new ScriptRunner(connection.async()), backend);
        FairWaitLines lines = new FairWaitLines(pubSub, fairBackend, grantChannel);
        LockContext fair = new LockContext(fairBackend, plain.waitLines(), plain.ticker(), plain.timer(),
                plain.executor(), plain.watchdog(), plain.events(), plain.lifecycle());
        return (keys, options) -> new RedisLock(fair, keys, options, lines);
    }

    @Override
    public LockAdmin admin(String namespace, ClientLifecycle lifecycle, Duration commandTimeout) {
        return new RedisLockAdmin(connection.async(), namespace, lifecycle);
    }

    @Override
    public Optional<PrimitiveServer> primitiveServer() {
        return Optional.of(new PrimitiveServer(connection.async(), backend));
    }

    @Override
    public Optional<ServerFeatures> serverFeatures() {
        return Optional.of(features);
    }

    @Override
    public CompletableFuture<Void> closeAsync() {
        CompletableFuture<Void> closing = pubSub.close().exceptionally(failure -> null)
                .thenCompose(v -> connection.closeAsync());
        return closing.thenCompose(v -> lettuce.shutdownIfOwned());
    }
}
