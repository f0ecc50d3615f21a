package io.hasp.bench;

import io.hasp.Hasp;
import io.hasp.ReadWriteLock;

/**
 * Hasp's read-write lock ({@code hasp.readWriteLock(key)}), each cycle on the side {@link ReadWriteMix} picks, with
 * the same client settings as {@link HaspImpl}.
 */
final class HaspReadWriteImpl implements LockImpl {
    private final RedisTarget redis;
    private final ReadWriteMix mix;

    HaspReadWriteImpl(RedisTarget redis, ReadWriteMix mix) {
        this.redis = redis;
        this.mix = mix;
    }

    @Override
    public String id() {
        return "hasp-" + mix.suffix();
    }

    @Override
    public String label() {
        return "Hasp " + Versions.hasp() + " read-write lock, " + mix.describe();
    }

    @Override
    public LockClient newClient() {
        Hasp hasp = HaspImpl.connect(redis);
        return LockClient.of(key -> {
            ReadWriteLock lock = hasp.readWriteLock(key);
            if (mix.readNext()) {
                return Held.shared(HaspImpl.lock(lock.readLock(), key)::unlock);
            }
            return HaspImpl.lock(lock.writeLock(), key);
        }, hasp::close);
    }
}
