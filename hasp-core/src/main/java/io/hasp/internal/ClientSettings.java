package io.hasp.internal;

import io.hasp.LockOptions;
import io.hasp.Ticker;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;

/** Everything a client is built from, validated by {@link io.hasp.HaspBuilder}. */
public record ClientSettings(
        List<RedisURI> uris,
        RedisClient redisClient,
        String namespace,
        LockOptions defaultOptions,
        Duration commandTimeout,
        Ticker ticker,
        Executor executor) {
}
