package io.hasp.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;

/**
 * Redisson's {@code RLock}, taken with an explicit lease (the same as every implementation's) so no watchdog runs; the
 * lock is per thread in Redisson, which the benchmark respects: the thread that locks also unlocks.
 */
final class RedissonLockImpl implements LockImpl {
    private final Supplier<RedissonClient> clients;

    RedissonLockImpl(RedisTarget redis) {
        this(() -> RedissonClients.create(redis));
    }

    private RedissonLockImpl(Supplier<RedissonClient> clients) {
        this.clients = clients;
    }

    /** {@code RLock} on the Redis Cluster these nodes belong to, through Redisson's cluster config. */
    static RedissonLockImpl cluster(List<String> seeds) {
        return new RedissonLockImpl(() -> RedissonClients.createCluster(seeds));
    }

    @Override
    public String id() {
        return "redisson";
    }

    @Override
    public String label() {
        return "Redisson " + Versions.redisson() + " RLock";
    }

    @Override
    public LockClient newClient() {
        return client(clients.get(), RedissonClient::getLock);
    }

    /** A bench client over {@code client} taking each key's lock with {@code lockFor}; closing it shuts it down. */
    static LockClient client(RedissonClient client, BiFunction<RedissonClient, String, RLock> lockFor) {
        return LockClient.of(key -> lock(lockFor.apply(client, key), key), () -> RedissonClients.shutdown(client));
    }

    /** Takes {@code lock} with the common lease and wait limit; shared with the fair lock. */
    static Held lock(RLock lock, String key) throws InterruptedException {
        if (!lock.tryLock(WAIT_LIMIT.toMillis(), LEASE_TIME.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("Redisson did not acquire " + key + " within " + WAIT_LIMIT);
        }
        return lock::unlock;
    }
}
