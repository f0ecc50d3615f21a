package io.hasp.bench;

import java.util.List;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.redisson.config.SingleServerConfig;

/**
 * Makes Redisson clients the way its documentation shows: a single-server (or cluster) config with the library's
 * defaults for pools and threads, so the benchmark measures Redisson as users get it.
 */
final class RedissonClients {
    private RedissonClients() {
    }

    static RedissonClient create(RedisTarget redis) {
        Config config = new Config();
        SingleServerConfig server = config.useSingleServer()
                .setAddress("redis://" + redis.host() + ":" + redis.port())
                .setDatabase(redis.database());
        if (redis.password() != null) {
            server.setPassword(new String(redis.password()));
        }
        return Redisson.create(config);
    }

    /** A client of the Redis Cluster these nodes belong to ({@code redis://host:port}, no credentials). */
    static RedissonClient createCluster(List<String> seeds) {
        Config config = new Config();
        config.useClusterServers().addNodeAddress(seeds.toArray(String[]::new));
        return Redisson.create(config);
    }

    /** Shuts down without Netty's default two-second quiet period, which would only slow the run down. */
    static void shutdown(RedissonClient client) {
        client.shutdown(0, 5, java.util.concurrent.TimeUnit.SECONDS);
    }
}
