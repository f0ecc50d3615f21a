package io.hasp.spring.integration;

import io.hasp.Hasp;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One redis-server for all tests of a class; each test starts from an empty Redis, and every Hasp client it makes
 * (one per simulated application instance) is closed after it.
 */
@ExtendWith(RedisServerExtension.class)
abstract class OneRedisPerClass {
    RedisServer redis;
    private final List<Hasp> clients = new ArrayList<>();

    @BeforeEach
    void flushRedis(RedisServer server) {
        redis = server;
        redis.command("FLUSHALL");
    }

    @AfterEach
    void closeClients() {
        clients.forEach(Hasp::close);
        clients.clear();
    }

    /** A new client: what a separate application instance would have. */
    Hasp newClient() {
        Hasp hasp = Hasp.connect(redis.uri());
        clients.add(hasp);
        return hasp;
    }

    /** A registry over a new client, as a separate application instance would make it. */
    HaspLockRegistry newRegistry(String registryKey) {
        return new HaspLockRegistry(newClient(), registryKey);
    }

    boolean exists(String key) {
        return Long.valueOf(1).equals(redis.command("EXISTS", key));
    }
}
