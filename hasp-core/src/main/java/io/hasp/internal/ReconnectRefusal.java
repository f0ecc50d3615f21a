package io.hasp.internal;

import io.hasp.RedisAuthenticationException;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.event.Event;
import io.lettuce.core.event.connection.ReconnectFailedEvent;
import io.lettuce.core.resource.ClientResources;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * Watches one connection's reconnects for Redis refusing its credentials: a password changed (or a user disabled) on
 * the server while the client was connected lets the connection live until it drops, and every reconnect after that
 * fails authentication. Lettuce keeps trying ({@link ReconnectPolicy}) and only says "Cannot reconnect"; this logs the
 * refusal once per outage, and keeps it so that calls failing meanwhile say why ({@link ClientLifecycle#failure} on
 * one Redis; a Redlock node reports it as its failure). {@link ClusterReconnectRefusals} does the same for every
 * node connection of a Redis Cluster client.
 * A reconnect that gets in ends the refusal.
 *
 * <p>Thread-safe: reconnect failures arrive on Lettuce's event bus, connects and drops on its I/O threads. The
 * refusal is an atomic reference: the first refusal of an outage is the one logged, and a connect clears it.
 */
final class ReconnectRefusal implements RedisConnectionStateListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReconnectRefusal.class);
    /** For a connection whose server's port is not known in advance (a client's default URI, a Sentinel's primary). */
    static final int ANY_PORT = -1;

    /** The server's URI, redacted: never a password. */
    private final String where;
    private final int port;
    private final AtomicReference<RedisAuthenticationException> refusal = new AtomicReference<>();
    private volatile boolean down;
    private final Disposable subscription;

    private ReconnectRefusal(String where, int port, ClientResources resources) {
        this.where = where;
        this.port = port;
        this.subscription = resources.eventBus().get().subscribe(this::onEvent);
    }

    /**
     * Starts watching {@code connection}, to the server at {@code port} (or {@link #ANY_PORT}) named {@code where}
     * (a redacted URI); {@link #close()} stops it.
     */
    static ReconnectRefusal watch(StatefulConnection<?, ?> connection, ClientResources resources, String where,
            int port) {
        ReconnectRefusal watch = new ReconnectRefusal(where, port, resources);
        connection.addListener(watch);
        return watch;
    }

    /** Why the connection is down, if Redis refused its credentials on the last reconnect. */
    Optional<RedisAuthenticationException> refusal() {
        return Optional.ofNullable(refusal.get());
    }

    private void onEvent(Event event) {
        // Other connections of a user's Lettuce client report to the same bus: only this one's server counts, while
        // this connection is down.
        if (!(event instanceof ReconnectFailedEvent failed) || !down || !isOurServer(failed.remoteAddress())) {
            return;
        }
        RedisCommandExecutionException refused = ConnectFailures.authenticationRefusal(failed.getCause());
        if (refused == null) {
            return;
        }
        RedisAuthenticationException why = refused(where, refused);
        if (refusal.compareAndSet(null, why)) {
            LOG.warn("{}; Lettuce keeps reconnecting", why.getMessage());
        }
    }

    /** What calls are told while the server {@code where} (a redacted URI) refuses reconnects with {@code refused}. */
    static RedisAuthenticationException refused(String where, RedisCommandExecutionException refused) {
        return new RedisAuthenticationException("Redis at " + where + " refused authentication on reconnect ("
                + refused.getMessage() + "): its password or user changed since the client connected; calls fail"
                + " until Redis accepts the URI's credentials again", refused);
    }

    private boolean isOurServer(SocketAddress remote) {
        return port == ANY_PORT || !(remote instanceof InetSocketAddress inet) || inet.getPort() == port;
    }

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
        down = true;
    }

    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
        down = false;
        if (refusal.getAndSet(null) != null) {
            LOG.info("Redis at {} accepts the client's credentials again", where);
        }
    }

    @Override
    public void close() {
        subscription.dispose();
    }
}
