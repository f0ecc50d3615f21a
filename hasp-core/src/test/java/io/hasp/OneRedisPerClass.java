package io.hasp;

import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The testkit's per-class redis-server and one default Hasp client on it for all tests of a class; every test starts
 * from an empty Redis.
 */
@ExtendWith(RedisServerExtension.class)
abstract class OneRedisPerClass {
    static RedisServer redis;
    static Hasp hasp;

    @BeforeAll
    static void startClient(RedisServer server) {
        redis = server;
        hasp = connect();
    }

    /** Another client on the class's Redis; its first connect may take the scaled time on a loaded machine. */
    static Hasp connect() {
        return Hasp.builder().uri(redis.uri()).connectTimeout(Timing.scaled(Duration.ofSeconds(10))).build();
    }

    @AfterAll
    static void closeClient() {
        hasp.close();
    }

    @BeforeEach
    void flushRedis() {
        redis.command("FLUSHALL");
    }
}
