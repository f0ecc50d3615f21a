package io.hasp.bench;

import org.redisson.api.RReadWriteLock;
import org.redisson.api.RedissonClient;

/**
 * Redisson's {@code RReadWriteLock}, each cycle on the side {@link ReadWriteMix} picks, taken like {@link
 * RedissonLockImpl} takes its lock ({@code tryLock(wait, lease)} / {@code unlock()} on the same thread).
 */
final class RedissonReadWriteImpl implements LockImpl {
    private final RedisTarget redis;
    private final ReadWriteMix mix;

    RedissonReadWriteImpl(RedisTarget redis, ReadWriteMix mix) {
        this.redis = redis;
        this.mix = mix;
    }

    @Override
    public String id() {
        return "redisson-" + mix.suffix();
    }

    @Override
    public String label() {
        return "Redisson " + Versions.redisson() + " RReadWriteLock, " + mix.describe();
    }

    @Override
    public LockClient newClient() {
        RedissonClient client = RedissonClients.create(redis);
        return LockClient.of(key -> {
            RReadWriteLock lock = client.getReadWriteLock(key);
            if (mix.readNext()) {
                return Held.shared(RedissonLockImpl.lock(lock.readLock(), key)::unlock);
            }
            return RedissonLockImpl.lock(lock.writeLock(), key);
        }, () -> RedissonClients.shutdown(client));
    }
}
