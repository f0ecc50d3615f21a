package io.hasp.faults.worker;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The deliberately broken release of {@link BrokenMode#RELEASE_DEL}: a plain {@code DEL} of the lock key on every
 * lock node, with no token check, through its own Lettuce connections. The key name follows Hasp's documented layout
 * ({@code hasp:{name}}). Thread-safe.
 */
final class PlainDelRelease implements AutoCloseable {
    private final List<RedisClient> clients = new ArrayList<>();
    private final List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
    private final String key;

    PlainDelRelease(List<String> uris, String lockName, Duration timeout) {
        this.key = "hasp:{" + lockName + "}";
        for (String uri : uris) {
            RedisURI redisUri = RedisURI.create(uri);
            redisUri.setTimeout(timeout);
            RedisClient client = RedisClient.create(redisUri);
            clients.add(client);
            connections.add(client.connect());
        }
    }

    /** Deletes the lock key everywhere, whoever holds it; returns how many nodes had it. */
    long delete() {
        long deleted = 0;
        for (StatefulRedisConnection<String, String> connection : connections) {
            deleted += connection.sync().del(key);
        }
        return deleted;
    }

    @Override
    public void close() {
        connections.forEach(StatefulRedisConnection::close);
        clients.forEach(RedisClient::shutdown);
    }
}
