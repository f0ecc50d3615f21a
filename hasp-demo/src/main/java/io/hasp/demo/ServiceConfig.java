package io.hasp.demo;

import java.time.Duration;

/**
 * The counter service's settings, checked; made by {@link ServiceOptions#config()}. Immutable.
 *
 * @param port the HTTP port; 0 picks a free one
 * @param bind the address to listen on; empty for loopback (127.0.0.1 and ::1)
 * @param redis the Redis holding the lock: one, a Sentinel-watched primary, Redlock's masters or a cluster
 * @param store the Redis holding the counter: one, a Sentinel-watched primary or a cluster
 * @param work how long the critical section pretends to work, between reading and writing the counter
 * @param lockWait how long a request waits for the lock before answering 409
 * @param lease the lock's lease time
 * @param instance the name this instance answers with; empty for one made from the port
 * @param threads the most requests served at once
 */
public record ServiceConfig(int port, String bind, RedisDeployment redis, RedisDeployment store, Duration work,
        Duration lockWait, Duration lease, String instance, int threads) {

    /** The name this instance answers with: {@code --instance}, else one made from the port it listens on. */
    public String instanceName(int boundPort) {
        return instance.isEmpty() ? "instance-" + boundPort : instance;
    }
}
