package io.hasp.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * How every kind of client opens its Lettuce connections, so that a single-node (or Sentinel), a Redlock and a cluster
 * client share one set of client options and one handshake: connect and read {@code INFO server} within the
 * connect timeout, then switch the connection to the command timeout.
 */
final class LettuceConnections {

    /** An open connection and its first {@code INFO server} reply. */
    record Handshake(StatefulRedisConnection<String, String> connection, String info) {
        ServerFeatures features() {
            return ServerFeatures.fromInfo(info);
        }

        String runId() {
            return NodeIdentity.parseRunId(info);
        }
    }

    private LettuceConnections() {
    }

    /**
     * The options Hasp sets on a Lettuce client it creates itself; a client given by the user keeps its own. Generic
     * so that a cluster client's options builder gets the same settings.
     */
    static <B extends ClientOptions.Builder> B configure(B options, ClientSettings settings) {
        // A command times out after its connection's timeout: the connect timeout from the URI until a new
        // connection's first answer, then the command timeout (see greet).
        options.timeoutOptions(TimeoutOptions.enabled())
                .socketOptions(SocketOptions.builder().connectTimeout(settings.connectTimeout()).build())
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
        settings.trust().ifPresent(trust -> options.sslOptions(SslOptions.builder().jdkSslProvider()
                .trustManager(trust).handshakeTimeout(settings.connectTimeout()).build()));
        return options;
    }

    /** {@code uri} with the connect timeout, which bounds Lettuce's handshake and a new connection's first command. */
    static RedisURI withConnectTimeout(RedisURI uri, Duration connectTimeout) {
        RedisURI.Builder copy = RedisURI.builder(uri).withTimeout(connectTimeout);
        if (!uri.getSentinels().isEmpty()) { // Lettuce's copy leaves the Sentinels out
            uri.getSentinels().forEach(copy::withSentinel);
            copy.withSentinelMasterId(uri.getSentinelMasterId());
        }
        return copy.build();
    }

    /** Where {@code uri} points, without credentials: {@code host:port}, or the Sentinels and their master name. */
    static String describe(RedisURI uri) {
        if (uri.getSentinels().isEmpty()) {
            return uri.getHost() + ":" + uri.getPort();
        }
        StringBuilder where = new StringBuilder("the primary '").append(uri.getSentinelMasterId())
                .append("' of the Sentinels");
        uri.getSentinels().forEach(sentinel -> where.append(' ').append(sentinel.getHost()).append(':')
                .append(sentinel.getPort()));
        return where.toString();
    }

    /**
     * Connects to {@code uri} (which carries the connect timeout) and greets the server. The future fails if either
     * step fails; a connection whose greeting failed is closed. A connection closed before Redis answered Lettuce's
     * handshake is opened once more (each try within the connect timeout): the server may have dropped it, or Lettuce
     * may have reported a refused password as the close that followed it, and a second try lets the server's own
     * answer name the cause.
     */
    static CompletableFuture<Handshake> open(RedisClient client, RedisURI uri, Duration commandTimeout) {
        return openOnce(client, uri, commandTimeout).exceptionallyCompose(failure ->
                ConnectFailures.closedDuringGreeting(failure) ? openOnce(client, uri, commandTimeout)
                        : CompletableFuture.failedFuture(failure));
    }

    private static CompletableFuture<Handshake> openOnce(RedisClient client, RedisURI uri, Duration commandTimeout) {
        return client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture()
                .thenCompose(connection -> greet(connection, commandTimeout));
    }

    /**
     * Reads {@code INFO server} on a new connection, still under its connect timeout, then gives it the command
     * timeout. Closes the connection if the server does not answer.
     */
    static CompletableFuture<Handshake> greet(StatefulRedisConnection<String, String> connection,
            Duration commandTimeout) {
        CompletableFuture<String> info;
        try {
            info = connection.async().info("server").toCompletableFuture();
        } catch (RuntimeException e) {
            info = CompletableFuture.failedFuture(e);
        }
        return info.handle((reply, failure) -> {
            if (failure != null) {
                connection.closeAsync();
                throw failure instanceof CompletionException wrapped ? wrapped : new CompletionException(failure);
            }
            connection.setTimeout(commandTimeout);
            return new Handshake(connection, reply);
        });
    }

    /**
     * Opens a pub/sub connection to {@code uri} ({@code null}: the client's default URI) with the command timeout.
     * The work starts on {@code offThread}: building a Lettuce connection is synchronous work (the first time in a JVM
     * it includes class loading that takes seconds on a starved host), and the first subscriber may be on an I/O or
     * timer thread whose delay would hold up every other answer and timeout.
     */
    static CompletableFuture<StatefulRedisPubSubConnection<String, String>> openPubSub(RedisClient client,
            RedisURI uri, Duration commandTimeout, Executor offThread) {
        CompletableFuture<StatefulRedisPubSubConnection<String, String>> opening = uri == null
                ? CompletableFuture.supplyAsync(() -> client.connectPubSub(StringCodec.UTF8), offThread)
                : CompletableFuture.supplyAsync(() -> client.connectPubSubAsync(StringCodec.UTF8, uri), offThread)
                        .thenCompose(connecting -> connecting.toCompletableFuture());
        return opening.thenApply(connection -> {
            connection.setTimeout(commandTimeout);
            return connection;
        });
    }
}
