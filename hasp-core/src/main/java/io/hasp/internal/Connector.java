package io.hasp.internal;

import java.util.concurrent.ScheduledExecutorService;

/**
 * Opens the connections of one kind of client and hands back what its locks run on, as a {@link Topology}. Each kind
 * is one small connector: {@link SingleNodeConnector} for one Redis, {@link RedlockConnector} for several independent
 * masters. A further kind (a cluster, a sentinel-watched master) is a peer: a connector and a topology of its own,
 * chosen in {@link #forSettings}, and sharing {@link LettuceConnections} for client options and the handshake.
 */
interface Connector {

    /**
     * Connects as {@code settings} say, within their connect timeout.
     *
     * @param timer the client's timer thread, for connectors whose connections schedule their own timeouts
     * @throws io.hasp.HaspException (a {@link io.hasp.RedisUnavailableException} if Redis cannot be reached); nothing
     *     is left open on failure
     */
    Topology connect(ClientSettings settings, ScheduledExecutorService timer);

    /** The connector for the kind of client {@code settings} describe: several URIs make a Redlock client. */
    static Connector forSettings(ClientSettings settings) {
        return settings.uris().size() > 1 ? new RedlockConnector() : new SingleNodeConnector();
    }
}
