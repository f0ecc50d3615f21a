package io.hasp.spring.integration;

import io.hasp.Hasp;
import io.hasp.Lease;
import io.hasp.LockOptions;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.integration.support.locks.DistributedLock;
import org.springframework.integration.support.locks.ExpirableLockRegistry;
import org.springframework.integration.support.locks.RenewableLockRegistry;

/**
 * A Spring Integration lock registry whose locks are Hasp leases: a drop-in for {@code RedisLockRegistry}, so
 * {@code LockRegistryLeaderInitiator}, aggregators and {@code executeLocked} work unchanged.
 *
 * <pre>{@code
 * @Bean
 * HaspLockRegistry lockRegistry(Hasp hasp) {
 *     return new HaspLockRegistry(hasp, "orders");
 * }
 * }</pre>
 *
 * <p>Key {@code k} is the Hasp lock named {@code registryKey + ":" + k}, so registries with the same registry key on
 * any number of clients exclude each other. The locks follow {@link io.hasp.JavaLock}: owned per thread, re-entrant,
 * and by default held with the client's default options, which renew the lease in the background while the holder
 * lives (the watchdog) instead of letting it expire after a fixed time. {@link DistributedLock#lock(Duration)} and
 * {@link DistributedLock#tryLock(Duration, Duration)} take a fixed lease of that time-to-live instead. Where a lease
 * turns out to be lost (unlock after expiry, a re-entry or a renewal on a lost lease) the lock throws
 * {@link java.util.ConcurrentModificationException}, as Spring's own registries do, with Hasp's
 * {@link io.hasp.LockLostException} as its cause. See docs/spring.md.
 *
 * <p>Thread-safe.
 */
public final class HaspLockRegistry
        implements ExpirableLockRegistry<DistributedLock>, RenewableLockRegistry<DistributedLock> {
    private final Hasp hasp;
    private final String registryKey;
    private final LockOptions options;
    private final Map<String, HaspDistributedLock> locks = new ConcurrentHashMap<>();

    /**
     * A registry over {@code hasp} whose locks use the client's default options.
     *
     * @param hasp the client whose locks the registry hands out; the registry does not close it
     * @param registryKey the start of every lock name, before the {@code ':'}
     * @throws NullPointerException if {@code hasp} is null
     * @throws IllegalArgumentException if {@code registryKey} is null or blank
     * @throws io.hasp.HaspArgumentException if {@code registryKey} cannot be part of a Hasp lock name
     */
    public HaspLockRegistry(Hasp hasp, String registryKey) {
        this(hasp, registryKey, Objects.requireNonNull(hasp, "hasp").defaultOptions());
    }

    /**
     * A registry over {@code hasp} whose locks use {@code options}, for example a fixed lease time.
     *
     * @param hasp the client whose locks the registry hands out; the registry does not close it
     * @param registryKey the start of every lock name, before the {@code ':'}
     * @param options the options every lock of the registry is held with
     * @throws NullPointerException if {@code hasp} or {@code options} is null
     * @throws IllegalArgumentException if {@code registryKey} is null or blank
     * @throws io.hasp.HaspArgumentException if {@code registryKey} cannot be part of a Hasp lock name
     */
    public HaspLockRegistry(Hasp hasp, String registryKey, LockOptions options) {
        this.hasp = Objects.requireNonNull(hasp, "hasp");
        this.options = Objects.requireNonNull(options, "options");
        if (registryKey == null || registryKey.isBlank()) {
            throw new IllegalArgumentException("registryKey must not be blank, got "
                    + (registryKey == null ? "null" : "'" + registryKey + "'"));
        }
        this.registryKey = registryKey;
        hasp.lock(registryKey + ":x", options); // fails now, not at the first obtain, for a key Hasp cannot name
    }

    /**
     * The lock for {@code lockKey}, a {@link String}; the same object for the same key until it is expired by
     * {@link #expireUnusedOlderThan(long)}.
     *
     * @throws IllegalArgumentException if the key is not a String
     * @throws io.hasp.HaspArgumentException if the key cannot be part of a Hasp lock name (blank, braces, too long)
     */
    @Override
    public DistributedLock obtain(Object lockKey) {
        String key = keyOf(lockKey);
        return locks.compute(key, (k, existing) -> {
            HaspDistributedLock lock = existing != null ? existing
                    : new HaspDistributedLock(hasp.lock(registryKey + ":" + k, options).asJavaLock(), options);
            lock.touch();
            return lock;
        });
    }

    /**
     * Forgets the locks that no thread holds and that were last obtained or locked more than {@code age} ms ago; a
     * later {@link #obtain(Object)} makes a new one. Nothing in Redis changes (a free Hasp lock has no key).
     */
    @Override
    public void expireUnusedOlderThan(long age) {
        long now = System.nanoTime();
        long ageNanos = TimeUnit.MILLISECONDS.toNanos(age);
        for (String key : locks.keySet()) {
            locks.computeIfPresent(key, (k, lock) -> lock.unusedFor(now) > ageNanos && !lock.isLocked() ? null : lock);
        }
    }

    /**
     * Sets the current thread's lease on {@code lockKey} to the registry's lease time from now. With the watchdog
     * (the default) this is never needed; with a fixed lease it keeps a long section's lock.
     *
     * @throws IllegalStateException if the current thread does not hold the lock
     * @throws java.util.ConcurrentModificationException if the lease was lost
     */
    @Override
    public void renewLock(Object lockKey) {
        renewLock(lockKey, options.leaseTime());
    }

    /**
     * Sets the current thread's lease on {@code lockKey} to {@code ttl} from now; a watchdog lease is later renewed to
     * its own lease time again.
     *
     * @throws IllegalStateException if the current thread does not hold the lock
     * @throws java.util.ConcurrentModificationException if the lease was lost
     */
    @Override
    public void renewLock(Object lockKey, Duration ttl) {
        Lease lease = heldLease(lockKey).orElseThrow(() -> new IllegalStateException("lock '" + registryKey + ":"
                + lockKey + "' is not held by thread " + Thread.currentThread().getName()
                + "; only its holder can renew it"));
        HaspDistributedLock.lostAsModification(() -> lease.extend(ttl));
    }

    /**
     * The Hasp lease the current thread holds on {@code lockKey}, for its {@link Lease#fencingToken() fencing token}
     * or {@link Lease#lost() loss signal}; empty if the thread does not hold it. Release through the lock's
     * {@code unlock()}, not through the lease.
     *
     * @param lockKey the key given to {@link #obtain(Object)}
     * @return the current thread's lease, or empty
     * @throws IllegalArgumentException if the key is not a String
     */
    public Optional<Lease> heldLease(Object lockKey) {
        HaspDistributedLock lock = locks.get(keyOf(lockKey));
        return lock == null ? Optional.empty() : Optional.ofNullable(lock.heldLease());
    }

    private static String keyOf(Object lockKey) {
        if (!(lockKey instanceof String key)) {
            throw new IllegalArgumentException("lockKey must be a String, got "
                    + (lockKey == null ? "null" : lockKey.getClass().getName()));
        }
        return key;
    }

    @Override
    public String toString() {
        return "HaspLockRegistry{" + registryKey + ", " + locks.size() + " lock(s)}";
    }
}
