package io.hasp.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.integration.redis.util.RedisLockRegistry;
import org.springframework.integration.redis.util.RedisLockRegistry.RedisLockType;

/**
 * Spring Integration's {@link RedisLockRegistry} over Spring Data Redis with Lettuce. By default it waits by polling
 * ({@code SPIN_LOCK}, 100 ms between tries), which is what users get; the {@code spring-pubsub} variant switches it to
 * its pub/sub waiting. One registry and one connection factory per client.
 */
final class SpringRegistryImpl implements LockImpl {
    private final RedisTarget redis;
    private final RedisLockType type;

    SpringRegistryImpl(RedisTarget redis, RedisLockType type) {
        this.redis = redis;
        this.type = type;
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
        RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration(redis.host(), redis.port());
        configuration.setDatabase(redis.database());
        if (redis.password() != null) {
            configuration.setPassword(RedisPassword.of(redis.password()));
        }
        LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration);
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
