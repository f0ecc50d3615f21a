package io.hasp.internal;

import io.hasp.HaspException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects a client to a Redis Cluster through its seed nodes: one Lettuce cluster connection for every lock command
 * (each routed by its first key, the lock key, to the primary of the lock's slot; all of a lock's keys share that slot
 * through their hash tag), and one cluster pub/sub connection for waiters.
 *
 * <p>The topology is followed without a restart: Lettuce refreshes it on MOVED and ASK redirects, on a reconnect to a
 * node, and every {@link #PERIODIC_REFRESH}; a command sent to a primary that just failed waits for the reconnect or
 * fails after the command timeout, and the lock machinery retries or reports it as on one Redis. Opening a connection
 * (the seeds' at connect, a node's on its first command, any reconnect) is bounded by the connect timeout, each
 * command by the command timeout ({@link ClusterTimeouts}). A node that refuses the client's credentials on a
 * reconnect (a password changed while connected) makes calls failing meanwhile say so ({@link
 * ClusterReconnectRefusals}), as on one Redis.
 * On Redis 7+ waiters use sharded pub/sub ({@link ShardedWakeChannels}): a notice stays inside the shard of the
 * lock's slot, and each subscription follows that slot. On older servers classic pub/sub, which reaches every node of
 * a cluster, so waiters hear a release wherever their one connection is; if that node goes away, their timed
 * re-checks carry them until Lettuce reconnects.
 */
final class ClusterConnector implements Connector {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterConnector.class);
    /** How often the topology is re-read even when nothing suggested a change. */
    static final Duration PERIODIC_REFRESH = Duration.ofSeconds(5);
    /** The shortest gap between two refreshes triggered by redirects or reconnects. */
    private static final Duration ADAPTIVE_REFRESH_GAP = Duration.ofMillis(500);

    /**
     * Connects as {@code settings} say; fails with {@link io.hasp.RedisUnavailableException} if no seed answers and
     * with a {@link HaspException} if a seed is not in cluster mode.
     */
    @Override
    public Topology connect(ClientSettings settings, ScheduledExecutorService timer) {
        // Lettuce bounds the handshake of every connection it opens from a seed (now, after a failover, on a
        // reconnect) by the seed URI's timeout: that is the connect timeout. Commands get theirs from the timeouts.
        List<RedisURI> seeds = settings.clusterSeeds().stream()
                .map(seed -> RedisURI.builder(seed).withTimeout(settings.connectTimeout()).build()).toList();
        ClusterTimeouts timeouts = new ClusterTimeouts(settings.connectTimeout(), settings.commandTimeout());
        ClientResources resources = ReconnectPolicy.ownResources();
        RedisClusterClient client = RedisClusterClient.create(resources, seeds);
        client.setOptions(LettuceConnections.configure(ClusterClientOptions.builder(), settings)
                .timeoutOptions(TimeoutOptions.builder().timeoutSource(timeouts).build())
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(ADAPTIVE_REFRESH_GAP)
                        .refreshTriggersReconnectAttempts(1)
                        .enablePeriodicRefresh(PERIODIC_REFRESH)
                        .build())
                // Node connections open lazily, so a command may meet one still connecting: it waits for it (the
                // opening bounded by the connect timeout, then the command by the command timeout) instead of being
                // refused, as it would be on one Redis.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                .build());
        // Added before anything connects: each node connection's first connect tells the log its node's address.
        client.addListener(OutageLog.perNode("Cluster node "));
        ClusterReconnectRefusals refusals = ClusterReconnectRefusals.watch(resources, seeds.get(0));
        client.addListener(refusals);
        String where = "the Redis Cluster seeds " + seeds.stream().map(LettuceConnections::describe)
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
                throw new TimeoutException("the connect timeout of " + settings.connectTimeout().toMillis()
                        + " ms ran out");
            }
            try {
                info = connection.async().info("server").get(remainingNanos(deadline), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                connection.closeAsync();
                throw e;
            }
            timeouts.connected();
            connection.setTimeout(settings.commandTimeout());
            ServerFeatures features = ServerFeatures.fromInfo(info);
            LOG.info("connected to a Redis Cluster of Redis {} ({} release and extend, {} pub/sub)",
                    features.version(), features.nativeCompareAndSet() ? "native DELEX/SET IFEQ" : "Lua script",
                    features.shardedPubSub() ? "sharded" : "classic");
            return new SingleNodeTopology(connection, connection.async(), features,
                    wakeChannels(client, seeds.get(0), settings, features, timer, refusals), () -> {
                        refusals.close();
                        return shutdown(client, resources, 2);
                    }, key -> refusals.refusal(connection.getPartitions(), key));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            refusals.close();
            shutdown(client, resources, 1);
            throw new HaspException(null, "interrupted while connecting to " + where, e);
        } catch (Exception e) {
            refusals.close();
            shutdown(client, resources, 1);
            if (RedisErrors.anyCauseSays(e, "cluster support disabled")) {
                throw new HaspException(null, "connecting to " + where + " failed: a seed is not in cluster mode"
                        + " (cluster support disabled); for a standalone Redis use uri(...) instead of cluster(...)", e);
            }
            throw ConnectFailures.map(where, e);
        }
    }

    /**
     * Sharded pub/sub on a Redis 7+ cluster, each node's connection from a client of its own that shares the cluster
     * client's resources and options; classic pub/sub otherwise.
     */
    private static WakeChannels wakeChannels(RedisClusterClient client, RedisURI seed, ClientSettings settings,
            ServerFeatures features, ScheduledExecutorService timer, ClusterReconnectRefusals refusals) {
        if (!features.shardedPubSub()) {
            return new PubSubHub(() -> client.connectPubSubAsync(StringCodec.UTF8).thenApply(pubSubs -> {
                pubSubs.setTimeout(settings.commandTimeout());
                return pubSubs;
            }));
        }
        RedisClient nodes = RedisClient.create(client.getResources());
        nodes.setOptions(LettuceConnections.configure(ClientOptions.builder(), settings).build());
        nodes.addListener(refusals); // a node's pub/sub connection that gets in ends its refusal too
        return new ShardedWakeChannels(client, nodes, node -> LettuceConnections.openPubSub(nodes,
                nodeUri(seed, node.getUri(), settings.connectTimeout()),
                settings.commandTimeout(), settings.executor()), timer);
    }

    /**
     * {@code node}'s address with everything else from {@code seed}: TLS and its peer verification, credentials,
     * client name. Lettuce's own node URIs (from the topology) are not to be relied on for these; without them a
     * waiter's connection to a TLS node would never complete its handshake.
     */
    static RedisURI nodeUri(RedisURI seed, RedisURI node, Duration connectTimeout) {
        return RedisURI.builder(seed).withHost(node.getHost()).withPort(node.getPort())
                .withTimeout(connectTimeout).build();
    }

    private static CompletableFuture<Void> shutdown(RedisClusterClient client, ClientResources resources,
            long timeoutSeconds) {
        return client.shutdownAsync(0, timeoutSeconds, TimeUnit.SECONDS)
                .thenCompose(v -> ReconnectPolicy.shutdown(resources));
    }

    private static long remainingNanos(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }
}
