package io.hasp.demo;

import io.hasp.Backoff;
import io.hasp.Hasp;
import io.hasp.LockListener;
import io.hasp.LockOptions;
import java.time.Duration;

/** Makes the lock client from the {@code --redis} deployment, with the service's lock options. */
final class LockClients {
    /**
     * Waiters poll; a short cap on the pause keeps the lock busy when many requests queue for it, at the cost of a
     * few more attempts per second (cheap for Redis).
     */
    private static final Backoff BACKOFF = Backoff.exponential(Duration.ofMillis(1), Duration.ofMillis(25));
    /**
     * Instances start together with their Redis on busy machines (the demo starts several JVMs at once), so their
     * first connect, which loads and compiles the whole client, may be slow: three instances on a 2-core host with a
     * load average of 20 took over 5 s, and a cluster client (which reads the topology from the seeds first) at a
     * load average of 40 over 20 s. A refused connection fails at once anyway. Commands keep the library's default.
     */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);

    private LockClients() {
    }

    /** The options every lock of the service takes: the configured lease and the backoff above. */
    static LockOptions options(Duration lease) {
        return LockOptions.builder().leaseTime(lease).backoff(BACKOFF).build();
    }

    /** Connects to the lock Redis ({@link RedisDeployment}); the client's lock events go to {@code listener}. */
    static Hasp connect(RedisDeployment redis, Duration lease, LockListener listener) {
        return redis.applyTo(Hasp.builder()).defaultOptions(options(lease))
                .connectTimeout(CONNECT_TIMEOUT).listener(listener).build();
    }
}
