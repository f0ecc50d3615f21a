package io.hasp.internal;

import java.util.concurrent.ScheduledExecutorService;

/**
 * Opens the connections of one kind of client and hands back what its locks run on, as a {@link Topology}. Each kind
 * is one small connector: {@link SingleNodeConnector} for one Redis (or the primary a Sentinel group names),
 * {@link ClusterConnector} for a Redis Cluster, {@link RedlockConnector} for several independent masters, chosen in
 * {@link #forSettings} and sharing {@link LettuceConnections} for client options.
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

    /**
     * The connector for the kind of client {@code settings} describe: cluster seeds make a cluster client, several
     * URIs a Redlock client; one URI (a Sentinel URI too) or the user's Lettuce client a single-node client.
     */
    static Connector forSettings(ClientSettings settings) {
        if (!settings.clusterSeeds().isEmpty()) {
            return new ClusterConnector();
        }
        return settings.uris().size() > 1 ? new RedlockConnector() : new SingleNodeConnector();
    }
}
