package io.hasp.internal;

import io.hasp.HaspException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Connects a client to a Redis Cluster through its seed nodes: one Lettuce cluster connection for every lock command
 * (each routed by its first key, the lock key, to the primary of the lock's slot; all of a lock's keys share that slot
 * through their hash tag), and one cluster pub/sub connection for waiters.
 *
 * <p>The topology is followed without a restart: Lettuce refreshes it on MOVED and ASK redirects, on a reconnect to a
 * node, and every {@link #PERIODIC_REFRESH}; a command sent to a primary that just failed waits for the reconnect or
 * fails after the command timeout, and the lock machinery retries or reports it as on one Redis.
 * Classic pub/sub reaches every node of a cluster, so waiters hear a release wherever their connection is; if that
 * node goes away, their timed re-checks carry them until Lettuce reconnects.
 */
final class ClusterConnector {
    /** How often the topology is re-read even when nothing suggested a change. */
    static final Duration PERIODIC_REFRESH = Duration.ofSeconds(5);
    /** The shortest gap between two refreshes triggered by redirects or reconnects. */
    private static final Duration ADAPTIVE_REFRESH_GAP = Duration.ofMillis(500);

    private ClusterConnector() {
    }

    /**
     * Connects as {@code settings} say; fails with {@link io.hasp.RedisUnavailableException} if no seed answers and
     * with a {@link HaspException} if a seed is not in cluster mode.
     */
    static DefaultHasp connect(ClientSettings settings) {
        // A URI's timeout is the command timeout of every node connection Lettuce opens from it, now or after a
        // failover, so it is the command timeout; the connect timeout bounds the TCP connect and build() as a whole.
        List<RedisURI> seeds = settings.clusterSeeds().stream()
                .map(seed -> RedisURI.builder(seed).withTimeout(settings.commandTimeout()).build()).toList();
        RedisClusterClient client = RedisClusterClient.create(seeds);
        client.setOptions(ClusterClientOptions.builder()
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(ADAPTIVE_REFRESH_GAP)
                        .refreshTriggersReconnectAttempts(1)
                        .enablePeriodicRefresh(PERIODIC_REFRESH)
                        .build())
                .timeoutOptions(TimeoutOptions.enabled())
                .socketOptions(SocketOptions.builder().connectTimeout(settings.connectTimeout()).build())
                // Node connections open lazily, so a command may meet one still connecting: it waits (bounded by
                // the command timeout) instead of being refused, as it would be on one Redis.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                .build());
        String where = "the Redis Cluster seeds " + seeds.stream().map(DefaultHasp::describe)
                .collect(Collectors.joining(", "));
        try {
            long deadline = System.nanoTime() + settings.connectTimeout().toNanos();
            // The async connect needs the topology first (the sync one loads it itself, but cannot be bounded).
            CompletableFuture<StatefulRedisClusterConnection<String, String>> opening = client
                    .refreshPartitionsAsync().toCompletableFuture()
                    .thenCompose(v -> client.connectAsync(StringCodec.UTF8));
            StatefulRedisClusterConnection<String, String> connection;
            String info;
            try {
                connection = opening.get(remainingNanos(deadline), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                opening.thenAccept(StatefulRedisClusterConnection::closeAsync);
                throw e;
            }
            try {
                info = connection.async().info("server").get(remainingNanos(deadline), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                connection.closeAsync();
                throw e;
            }
            connection.setTimeout(settings.commandTimeout());
            PubSubHub pubSub = new PubSubHub(() -> client.connectPubSubAsync(StringCodec.UTF8).thenApply(pubSubs -> {
                pubSubs.setTimeout(settings.commandTimeout());
                return pubSubs;
            }));
            return DefaultHasp.onOneKeyspace(settings, connection.async(), ServerFeatures.fromInfo(info), pubSub,
                    () -> connection.closeAsync().thenCompose(v -> client.shutdownAsync(0, 2, TimeUnit.SECONDS)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.shutdownAsync(0, 1, TimeUnit.SECONDS);
            throw new HaspException(null, "interrupted while connecting to " + where, e);
        } catch (Exception e) {
            client.shutdownAsync(0, 1, TimeUnit.SECONDS);
            if (RedisErrors.anyCauseSays(e, "cluster support disabled")) {
                throw new HaspException(null, "connecting to " + where + " failed: a seed is not in cluster mode"
                        + " (cluster support disabled); for a standalone Redis use uri(...) instead of cluster(...)", e);
            }
            throw RedisErrors.map(null, "connecting to " + where, e);
        }
    }

    private static long remainingNanos(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }
}
