package io.hasp.bench;

import io.hasp.Hasp;
import io.hasp.Lease;

/**
 * Hasp's semaphore ({@code hasp.semaphore(key, permits).acquire(1, wait)} / {@code lease.release()}), one permit per
 * cycle, with the same client settings as {@link HaspImpl} (a fixed 30 s lease, so no watchdog).
 */
final class HaspSemaphoreImpl implements LockImpl {
    private final RedisTarget redis;
    private final int permits;

    HaspSemaphoreImpl(RedisTarget redis, int permits) {
        this.redis = redis;
        this.permits = permits;
    }

    @Override
    public String id() {
        return "hasp-semaphore";
    }

    @Override
    public String label() {
        return "Hasp " + Versions.hasp() + " semaphore";
    }

    @Override
    public LockClient newClient() {
        Hasp hasp = HaspImpl.connect(redis);
        return LockClient.of(key -> {
            Lease lease = hasp.semaphore(key, permits).acquire(1, WAIT_LIMIT);
            return Held.shared(() -> {
                if (!lease.release()) {
                    throw new IllegalStateException("Hasp permit on " + key + " was no longer held");
                }
            });
        }, hasp::close);
    }
}
