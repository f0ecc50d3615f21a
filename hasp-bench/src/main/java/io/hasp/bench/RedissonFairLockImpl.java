package io.hasp.bench;

import org.redisson.api.RedissonClient;

/** Redisson's {@code RFairLock} (FIFO by its queue), for the fair-lock scenario. */
final class RedissonFairLockImpl implements LockImpl {
    private final RedisTarget redis;

    RedissonFairLockImpl(RedisTarget redis) {
        this.redis = redis;
    }

    @Override
    public String id() {
        return "redisson-fair";
    }

    @Override
    public String label() {
        return "Redisson " + Versions.redisson() + " RFairLock";
    }

    @Override
    public LockClient newClient() {
        return RedissonLockImpl.client(RedissonClients.create(redis), RedissonClient::getFairLock);
    }
}
