package io.hasp;

import io.hasp.testkit.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One redis-server and one default Hasp client for all tests of a class; every test starts from an empty Redis. */
abstract class OneRedisPerClass {
    static RedisServer redis;
    static Hasp hasp;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
        hasp = Hasp.connect(redis.uri());
    }

    @AfterAll
    static void stopRedis() {
        hasp.close();
        redis.close();
    }

    @BeforeEach
    void flushRedis() {
        redis.command("FLUSHALL");
    }
}
