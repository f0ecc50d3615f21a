package io.hasp.internal;

import io.hasp.LockListener;
import io.hasp.LockOptions;
import io.hasp.RedlockOptions;
import io.hasp.Ticker;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import javax.net.ssl.TrustManagerFactory;

/**
 * Everything a client is built from, validated by {@link io.hasp.HaspBuilder}. More than one URI makes a Redlock
 * client over that many independent masters, tuned by {@code redlock}; a Sentinel URI, a client on the primary the
 * Sentinels name; {@code clusterSeeds} (then {@code uris} is empty), a client on that Redis Cluster. {@code trust}:
 * the CAs trusted for {@code rediss://} connections of a Lettuce client Hasp creates, instead of the JVM's default
 * ones.
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
        List<LockListener> listeners,
        Optional<TrustManagerFactory> trust,
        List<RedisURI> clusterSeeds) {
}
