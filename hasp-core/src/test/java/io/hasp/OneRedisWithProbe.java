package io.hasp;

import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The testkit's per-class redis-server, a probe on it, and clients with a generous command timeout: the tests that
 * extend this are about waking, ordering and hand-offs, not about slow servers. Each test makes its own clients.
 */
@ExtendWith(RedisServerExtension.class)
abstract class OneRedisWithProbe {
    static RedisServer redis;
    static RedisProbe probe;

    @BeforeAll
    static void attachProbe(RedisServer server) {
        redis = server;
        probe = new RedisProbe(server);
    }

    /** A client; its first connect may take the scaled time on a loaded machine (classes load, threads start). */
    static Hasp connect() {
        return Hasp.builder().uri(redis.uri()).commandTimeout(Duration.ofSeconds(10))
                .connectTimeout(Timing.scaled(Duration.ofSeconds(10))).build();
    }
}
