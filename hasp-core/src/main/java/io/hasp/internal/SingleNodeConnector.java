package io.hasp.internal;

import io.hasp.HaspException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.StringCodec;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects a client on one Redis, or on the primary a Sentinel group names (a {@code redis-sentinel://} URI: Lettuce
 * asks the Sentinels for the primary on every (re)connect, so the connection follows a failover once the old primary
 * is gone or has dropped its clients, as Sentinel makes it do): one command connection, greeted within the connect timeout; the pub/sub connection
 * opens on the first wait. Stateless.
 */
final class SingleNodeConnector implements Connector {
    private static final Logger LOG = LoggerFactory.getLogger(SingleNodeConnector.class);

    @Override
    public Topology connect(ClientSettings settings, ScheduledExecutorService timer) {
        LettuceClient lettuce = LettuceClient.forSettings(settings);
        RedisClient client = lettuce.redis();
        RedisURI uri = settings.uris().isEmpty() ? null
                : LettuceConnections.withConnectTimeout(settings.uris().get(0), settings.connectTimeout());
        try {
            LettuceConnections.Handshake handshake = handshake(client, uri, settings);
            handshake.connection().addListener(OutageLog.of(describe(settings)));
            // A Sentinel's primary is reached at an address the URI does not hold: named as the Sentinels' primary.
            boolean direct = uri != null && uri.getSentinels().isEmpty();
            ReconnectRefusal refusal = ReconnectRefusal.watch(handshake.connection(), client.getResources(),
                    direct ? RedactedUris.of(uri) : describe(settings),
                    direct ? uri.getPort() : ReconnectRefusal.ANY_PORT);
            ServerFeatures features = handshake.features();
            LOG.info("connected to Redis {} ({} release and extend)", features.version(),
                    features.nativeCompareAndSet() ? "native DELEX/SET IFEQ" : "Lua script");
            PubSubHub pubSub = new PubSubHub(() -> LettuceConnections.openPubSub(client, uri,
                    settings.commandTimeout(), settings.executor()));
            return new SingleNodeTopology(handshake.connection(), handshake.connection().async(), features, pubSub,
                    () -> {
                        refusal.close();
                        return lettuce.shutdownIfOwned();
                    }, key -> refusal.refusal());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lettuce.shutdownIfOwned();
            throw new HaspException(null, "interrupted while connecting to Redis", e);
        } catch (Exception e) {
            lettuce.shutdownIfOwned();
            if (uri != null && RedisErrors.anyCauseSays(e, "Cannot provide redisAddress using sentinel")) {
                // Lettuce's answer both when no Sentinel answers and when none knows the name.
                throw new HaspException(null, "connecting to " + describe(settings) + " failed: no Sentinel named a"
                        + " primary for master '" + uri.getSentinelMasterId() + "' (none answered, or none monitors"
                        + " a master by that name: check the name after '#' in the redis-sentinel:// URI)", e);
            }
            throw ConnectFailures.map(describe(settings), e);
        }
    }

    /**
     * Opens and greets the command connection within the connect timeout. Without a URI, the user's client connects
     * to its default URI within its own timeouts, which Hasp cannot shorten; only the greeting is bounded. A
     * connection that arrives after the deadline is closed.
     */
    private static LettuceConnections.Handshake handshake(RedisClient client, RedisURI uri, ClientSettings settings)
            throws Exception {
        long deadline = System.nanoTime() + settings.connectTimeout().toNanos();
        CompletableFuture<LettuceConnections.Handshake> opening = uri == null
                ? LettuceConnections.greet(client.connect(StringCodec.UTF8), settings.commandTimeout())
                : LettuceConnections.open(client, uri, settings.commandTimeout());
        try {
            return opening.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            opening.thenAccept(late -> late.connection().closeAsync());
            throw new TimeoutException("the connect timeout of " + settings.connectTimeout().toMillis()
                    + " ms ran out");
        }
    }

    private static String describe(ClientSettings settings) {
        if (settings.uris().isEmpty()) {
            return "the Redis client's default URI";
        }
        return LettuceConnections.describe(settings.uris().get(0));
    }
}
