package io.hasp.internal;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a lost Redis connection once per outage: one WARN when it drops, one INFO when it is back, however many
 * reconnect attempts lie between (Lettuce reconnects by itself, at most {@link ReconnectPolicy#MAX_DELAY} apart, and
 * waiting calls retry meanwhile, see {@link AcquireLoop}). A connection closed on purpose is no outage. The lines name
 * the server by host and port, or by the description they are given, never by a URI, so no credential is printed.
 *
 * <p>{@link #of} watches one connection (one Redis, the primary of a Sentinel group, a Redlock node).
 * {@link #perNode} is added to a client that opens connections by itself (a Redis Cluster client: one per node, and
 * short-lived ones that read the topology): it keys outages by the node's address, learned when each connection
 * connects, so that the connections to one node that drop together make one outage.
 *
 * <p>Thread-safe: Lettuce calls listeners on its I/O threads. The state is a concurrent map from place to the instant
 * its outage began; adding and removing an entry are atomic, so exactly one drop starts an outage and exactly one
 * connect ends it.
 */
final class OutageLog implements RedisConnectionStateListener {
    /** The category this log has always had, which users may have configured. */
    private static final Logger LOG = LoggerFactory.getLogger(ReconnectPolicy.class);

    /** The place of every connection, for {@link #of}; {@code null} for {@link #perNode}. */
    private final String where;
    /** For {@link #perNode}: what precedes a node's address in a line. */
    private final String nodeKind;
    /** Places whose connection dropped, and since when on the monotonic clock. */
    private final Map<String, Long> downSince = new ConcurrentHashMap<>();
    /** For {@link #perNode}: each connection's place, learned when it connected; forgotten with the connection. */
    private final Map<RedisChannelHandler<?, ?>, String> places = Collections.synchronizedMap(new WeakHashMap<>());

    private OutageLog(String where, String nodeKind) {
        this.where = where;
        this.nodeKind = nodeKind;
    }

    /** A log for the one connection it is added to, naming the server as {@code where}. */
    static OutageLog of(String where) {
        return new OutageLog(where, null);
    }

    /** A log for every connection of a client, naming each server as {@code nodeKind} and its address. */
    static OutageLog perNode(String nodeKind) {
        return new OutageLog(null, nodeKind);
    }

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
        String place = where != null ? where : places.get(connection);
        if (place == null || connection.isClosed()) { // closed on purpose, not an outage
            return;
        }
        if (downSince.putIfAbsent(place, System.nanoTime()) == null) {
            LOG.warn("lost the connection to Redis {}; reconnecting, waiting calls retry meanwhile", place);
        }
    }

    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
        String place = where;
        if (place == null) {
            place = nodeKind + hostAndPort(address);
            places.put(connection, place);
        }
        Long since = downSince.remove(place);
        if (since != null) {
            LOG.info("reconnected to Redis {} after {} ms", place,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since));
        }
    }

    /** {@code host:port} as connected to, without a name lookup. */
    private static String hostAndPort(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getHostString() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
