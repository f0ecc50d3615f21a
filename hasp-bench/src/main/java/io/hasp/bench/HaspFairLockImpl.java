package io.hasp.bench;

import io.hasp.Hasp;

/** Hasp's fair lock ({@code hasp.fairLock(name)}), with the same client settings as {@link HaspImpl}, for S5. */
final class HaspFairLockImpl implements LockImpl {
    private final RedisTarget redis;

    HaspFairLockImpl(RedisTarget redis) {
        this.redis = redis;
    }

    @Override
    public String id() {
        return "hasp-fair";
    }

    @Override
    public String label() {
        return "Hasp " + Versions.hasp() + " fair lock";
    }

    @Override
    public LockClient newClient() {
        return HaspImpl.client(HaspImpl.connect(redis), Hasp::fairLock);
    }
}
