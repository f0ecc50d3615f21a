package io.hasp.internal;

import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.protocol.RedisCommand;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How long each command of a cluster client may take. Lettuce opens that client's connections by itself (the seeds'
 * to read the topology, then one per node, now or after a failover) and gives each the first seed URI's timeout for
 * two things: its handshake and its commands. The URIs carry the connect timeout, so that a connect (and a reconnect)
 * is bounded by it; this source puts commands back on the command timeout once the client's connect has had its first
 * answer. Until then they get the connect timeout too, as the first command of a new connection does on one Redis.
 *
 * <p>Thread-safe: one volatile flag, set once.
 */
final class ClusterTimeouts extends TimeoutOptions.TimeoutSource {
    private final long connectNanos;
    private final long commandNanos;
    private volatile boolean connected;

    ClusterTimeouts(Duration connectTimeout, Duration commandTimeout) {
        this.connectNanos = connectTimeout.toNanos();
        this.commandNanos = commandTimeout.toNanos();
    }

    /** The client has connected: every command from now on gets the command timeout. */
    void connected() {
        connected = true;
    }

    @Override
    public long getTimeout(RedisCommand<?, ?, ?> command) {
        return connected ? commandNanos : connectNanos;
    }

    @Override
    public TimeUnit getTimeUnit() {
        return TimeUnit.NANOSECONDS;
    }
}
