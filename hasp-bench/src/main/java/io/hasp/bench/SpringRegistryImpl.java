package io.hasp.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.integration.redis.util.RedisLockRegistry;
import org.springframework.integration.redis.util.RedisLockRegistry.RedisLockType;

/**
 * Spring Integration's {@link RedisLockRegistry} over Spring Data Redis with Lettuce. By default it waits by polling
 * ({@code SPIN_LOCK}, 100 ms between tries), which is what users get; the {@code spring-pubsub} variant switches it to
 * its pub/sub waiting. One registry and one connection factory per client; on a Redis Cluster the factory is made
 * from a {@link RedisClusterConfiguration}, as Spring Data Redis documents.
 */
final class SpringRegistryImpl implements LockImpl {
    private final Supplier<RedisConfiguration> configuration;
    private final RedisLockType type;

    SpringRegistryImpl(RedisTarget redis, RedisLockType type) {
        this(() -> standalone(redis), type);
    }

    private SpringRegistryImpl(Supplier<RedisConfiguration> configuration, RedisLockType type) {
        this.configuration = configuration;
        this.type = type;
    }

    /** The registry over a cluster {@code LettuceConnectionFactory} seeded with these nodes (redis://host:port). */
    static SpringRegistryImpl cluster(List<String> seeds, RedisLockType type) {
        List<String> hostPorts = seeds.stream().map(uri -> uri.substring(uri.indexOf("://") + 3)).toList();
        return new SpringRegistryImpl(() -> new RedisClusterConfiguration(hostPorts), type);
    }

    private static RedisConfiguration standalone(RedisTarget redis) {
        RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration(redis.host(), redis.port());
        configuration.setDatabase(redis.database());
        if (redis.password() != null) {
            configuration.setPassword(RedisPassword.of(redis.password()));
        }
        return configuration;
    }

    @Override
    public String id() {
        return type == RedisLockType.SPIN_LOCK ? "spring" : "spring-pubsub";
    }

    @Override
    public String label() {
        return "Spring Integration " + Versions.springIntegration() + " RedisLockRegistry"
                + (type == RedisLockType.SPIN_LOCK ? "" : " (pub/sub)");
    }

    @Override
    public LockClient newClient() {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration.get());
        factory.afterPropertiesSet();
        factory.start();
        RedisLockRegistry registry = new RedisLockRegistry(factory, "bench-spring", LEASE_TIME.toMillis());
        registry.setRedisLockType(type);
        return new LockClient() {
            @Override
            public Held lock(String key) throws InterruptedException {
                Lock lock = registry.obtain(key);
                if (!lock.tryLock(WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("Spring did not acquire " + key + " within " + WAIT_LIMIT);
                }
                return lock::unlock;
            }

            @Override
            public void close() {
                registry.destroy();
                factory.destroy();
            }
        };
    }
}
