package io.hasp.internal;

import io.hasp.LockOptions;
import io.hasp.RedlockOptions;
import io.hasp.Ticker;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Everything a client is built from, validated by {@link io.hasp.HaspBuilder}. More than one URI makes a Redlock
 * client over that many independent masters, tuned by {@code redlock}; a Sentinel URI, a client on the primary the
 * Sentinels name; {@code clusterSeeds} (then {@code uris} is empty), a client on that Redis Cluster.
 */
public record ClientSettings(
        List<RedisURI> uris,
        RedisClient redisClient,
        String namespace,
        LockOptions defaultOptions,
        Duration commandTimeout,
        Duration connectTimeout,
        Ticker ticker,
        Executor executor,
        RedlockOptions redlock,
        List<RedisURI> clusterSeeds) {
}
