package io.hasp.demo;

import java.time.Duration;
import java.util.List;

/**
 * The counter service's settings, checked; made by {@link ServiceOptions#config()}. Immutable.
 *
 * @param port the HTTP port; 0 picks a free one
 * @param bind the address to listen on; empty for loopback (127.0.0.1 and ::1)
 * @param redisUris the Redis (or, several, the Redlock nodes; or the seed nodes of a cluster) holding the lock
 * @param cluster whether {@code redisUris} are the seed nodes of one Redis Cluster
 * @param storeUri the Redis holding the counter; default the first of {@code redisUris}
 * @param work how long the critical section pretends to work, between reading and writing the counter
 * @param lockWait how long a request waits for the lock before answering 409
 * @param lease the lock's lease time
 * @param instance the name this instance answers with; empty for one made from the port
 * @param threads the most requests served at once
 */
public record ServiceConfig(int port, String bind, List<String> redisUris, boolean cluster, String storeUri,
        Duration work,
        Duration lockWait, Duration lease, String instance, int threads) {

    public ServiceConfig {
        redisUris = List.copyOf(redisUris);
    }

    /** The name this instance answers with: {@code --instance}, else one made from the port it listens on. */
    public String instanceName(int boundPort) {
        return instance.isEmpty() ? "instance-" + boundPort : instance;
    }
}
