package io.hasp.internal;

import io.hasp.RedisAuthenticationException;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.event.Event;
import io.lettuce.core.event.connection.ReconnectFailedEvent;
import io.lettuce.core.resource.ClientResources;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * {@link ReconnectRefusal} for a Redis Cluster client, which opens a connection per node by itself: watches every
 * node connection's reconnects for Redis refusing its credentials (each node keeps its own users, so a password
 * changed on the nodes while the client was connected lets the connections live until they drop, and every
 * reconnect after that fails authentication). Logs the refusal once per node and outage, and keeps it so that calls
 * failing meanwhile say why ({@link ClientLifecycle#failure}). A connection to the node that gets in ends its refusal.
 * A failed call does not say which node it went to: it is told a refusal only if the node that serves its key's slot
 * in the client's partition table refuses (a call to a node that accepts the credentials but fails otherwise, say
 * by falling silent, was told another node's refusal). A slot with no known primary has no refusal to tell.
 *
 * <p>Every reconnect failure on the client's event bus counts: the bus belongs to resources Hasp made for this client
 * alone ({@link ReconnectPolicy#ownResources}), shared only with its own pub/sub connections. A node is known by the
 * host and port its connections use.
 *
 * <p>Thread-safe: reconnect failures arrive on Lettuce's event bus, connects on its I/O threads. The refusals are a
 * concurrent map from node: the first refusal of a node's outage is the one logged, a connect removes it, and so
 * does closing a connection to it on purpose.
 */
final class ClusterReconnectRefusals implements RedisConnectionStateListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReconnectRefusal.class);

    /** The seed URI, whose credentials and scheme every node connection uses; printed only redacted. */
    private final RedisURI seed;
    /** By node, as {@code host:port} ({@link #nodeOf}). */
    private final Map<String, RedisAuthenticationException> refusals = new ConcurrentHashMap<>();
    /** Each connection's node, learned when it connected; forgotten with the connection. */
    private final Map<RedisChannelHandler<?, ?>, String> nodes = Collections.synchronizedMap(new WeakHashMap<>());
    private final Disposable subscription;

    private ClusterReconnectRefusals(RedisURI seed, ClientResources resources) {
        this.seed = seed;
        this.subscription = resources.eventBus().get().subscribe(this::onEvent);
    }

    /**
     * Starts watching the node connections of the clients {@code this} is then added to as a listener, whose
     * resources are {@code resources} and whose credentials are {@code seed}'s; {@link #close()} stops it.
     */
    static ClusterReconnectRefusals watch(ClientResources resources, RedisURI seed) {
        return new ClusterReconnectRefusals(seed, resources);
    }

    /**
     * Why a call on {@code key} fails now, if the primary that {@code partitions} (the client's table) says serves
     * its slot refused the client's credentials on its connection's last reconnect.
     */
    Optional<RedisAuthenticationException> refusal(Partitions partitions, String key) {
        if (refusals.isEmpty()) {
            return Optional.empty(); // the usual case: no table lookup
        }
        RedisClusterNode owner = partitions.getMasterBySlot(SlotHash.getSlot(key));
        if (owner == null || owner.getUri() == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(refusals.get(owner.getUri().getHost() + ":" + owner.getUri().getPort()));
    }

    private void onEvent(Event event) {
        if (!(event instanceof ReconnectFailedEvent failed) || failed.remoteAddress() == null) {
            return;
        }
        RedisCommandExecutionException refused = ConnectFailures.authenticationRefusal(failed.getCause());
        if (refused == null) {
            return;
        }
        RedisAuthenticationException why = ReconnectRefusal.refused(describe(failed.remoteAddress()), refused);
        if (refusals.putIfAbsent(nodeOf(failed.remoteAddress()), why) == null) {
            LOG.warn("{}; Lettuce keeps reconnecting", why.getMessage());
        }
    }

    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
        if (address == null) {
            return;
        }
        nodes.put(connection, nodeOf(address));
        if (refusals.remove(nodeOf(address)) != null) {
            LOG.info("Redis at {} accepts the client's credentials again", describe(address));
        }
    }

    /**
     * A connection closed on purpose (its node left the topology) stops reconnecting: its node's refusal no longer
     * says anything about calls, which go to the nodes that serve the slots now.
     */
    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
        if (connection.isClosed()) {
            String node = nodes.remove(connection);
            if (node != null) {
                refusals.remove(node);
            }
        }
    }

    /**
     * The node {@code address} stands for. A reconnect failure reports the address Lettuce tried, unresolved, and a
     * connect the one it reached, resolved: their host strings agree (the name or IP the topology gave), not their
     * equality.
     */
    private static String nodeOf(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getHostString() + ":" + inet.getPort();
        }
        return address.toString();
    }

    /** The node as the seed's URI with the node's address: the password redacted, the user shown. */
    private String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return RedactedUris.of(RedisURI.builder(seed).withHost(inet.getHostString()).withPort(inet.getPort())
                    .build());
        }
        return address + " (with the credentials of " + RedactedUris.of(seed) + ")";
    }

    @Override
    public void close() {
        subscription.dispose();
    }
}
