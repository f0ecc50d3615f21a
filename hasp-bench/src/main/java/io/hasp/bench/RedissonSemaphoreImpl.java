package io.hasp.bench;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RPermitExpirableSemaphore;
import org.redisson.api.RSemaphore;
import org.redisson.api.RedissonClient;

/**
 * Redisson's semaphores, one permit per cycle: {@code RSemaphore} ({@code tryAcquire(wait)} / {@code release()}; its
 * permits have no lease, so a dead holder's permit is lost) or, with {@code expirable}, {@code
 * RPermitExpirableSemaphore} ({@code tryAcquire(wait, lease)} / {@code release(permitId)}, the common 30 s lease).
 * Each client sets the permit count once per key with {@code trySetPermits}, outside the cycle (it is a no-op when
 * another client set it first).
 */
final class RedissonSemaphoreImpl implements LockImpl {
    private final RedisTarget redis;
    private final int permits;
    private final boolean expirable;

    RedissonSemaphoreImpl(RedisTarget redis, int permits, boolean expirable) {
        this.redis = redis;
        this.permits = permits;
        this.expirable = expirable;
    }

    @Override
    public String id() {
        return expirable ? "redisson-expirable" : "redisson-semaphore";
    }

    @Override
    public String label() {
        return "Redisson " + Versions.redisson() + (expirable ? " RPermitExpirableSemaphore" : " RSemaphore");
    }

    @Override
    public LockClient newClient() {
        RedissonClient client = RedissonClients.create(redis);
        Set<String> counted = ConcurrentHashMap.newKeySet();
        return LockClient.of(key -> expirable ? expirablePermit(client, key, counted) : permit(client, key, counted),
                () -> RedissonClients.shutdown(client));
    }

    private Held permit(RedissonClient client, String key, Set<String> counted) throws InterruptedException {
        RSemaphore semaphore = client.getSemaphore(key);
        if (counted.add(key)) {
            semaphore.trySetPermits(permits);
        }
        if (!semaphore.tryAcquire(WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("Redisson RSemaphore gave no permit on " + key + " within " + WAIT_LIMIT);
        }
        return Held.shared(semaphore::release);
    }

    private Held expirablePermit(RedissonClient client, String key, Set<String> counted)
            throws InterruptedException {
        RPermitExpirableSemaphore semaphore = client.getPermitExpirableSemaphore(key);
        if (counted.add(key)) {
            semaphore.trySetPermits(permits);
        }
        String permitId = semaphore.tryAcquire(WAIT_LIMIT.toMillis(), LEASE_TIME.toMillis(), TimeUnit.MILLISECONDS);
        if (permitId == null) {
            throw new IllegalStateException("Redisson RPermitExpirableSemaphore gave no permit on " + key + " within "
                    + WAIT_LIMIT);
        }
        return Held.shared(() -> semaphore.release(permitId));
    }
}
