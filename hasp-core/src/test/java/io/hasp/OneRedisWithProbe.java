package io.hasp;

import io.hasp.testkit.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * One redis-server for all tests of a class, a probe on it, and clients with a generous command timeout: the tests
 * that extend this are about waking, ordering and hand-offs, not about slow servers. Each test makes its own clients.
 */
abstract class OneRedisWithProbe {
    static RedisServer redis;
    static RedisProbe probe;

    @BeforeAll
    static void startRedisAndProbe() {
        redis = RedisServer.start();
        probe = new RedisProbe(redis);
    }

    @AfterAll
    static void stopRedisAndProbe() {
        redis.close();
    }

    static Hasp connect() {
        return Hasp.builder().uri(redis.uri()).commandTimeout(Duration.ofSeconds(10)).build();
    }
}
