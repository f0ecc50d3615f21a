package io.hasp.shedlock;

import io.hasp.Hasp;
import io.hasp.Lease;
import io.hasp.LockOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import net.javacrumbs.shedlock.core.ExtensibleLockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;

/**
 * A ShedLock lock provider whose locks are Hasp leases, so {@code @SchedulerLock} jobs on several instances run once
 * per tick.
 *
 * <pre>{@code
 * @Bean
 * LockProvider lockProvider(Hasp hasp) {
 *     return new HaspLockProvider(hasp);
 * }
 * }</pre>
 *
 * <p>Job {@code name} is the Hasp lock named {@code prefix + ":" + name}. {@code lockAtMostFor} is a fixed lease (no
 * watchdog: a job that overruns it loses the lock, as ShedLock specifies). On unlock before {@code lockAtLeastFor}
 * has passed since the acquire was sent, the key is kept for the rest of it by an owner-checked shorten of its TTL
 * ({@link Lease#releaseAfter(Duration)}); after it, the key is deleted by token. {@link SimpleLock#extend} is a
 * compare-and-extend by token: only the holder extends, and a lock that already expired is not extended. See
 * docs/spring.md.
 *
 * <p>Thread-safe.
 */
public final class HaspLockProvider implements ExtensibleLockProvider {
    private final Hasp hasp;
    private final String prefix;

    /**
     * A provider over {@code hasp} whose lock names start with {@code "shedlock:"}.
     *
     * @param hasp the client whose locks the jobs take; the provider does not close it
     * @throws NullPointerException if {@code hasp} is null
     */
    public HaspLockProvider(Hasp hasp) {
        this(hasp, "shedlock");
    }

    /**
     * A provider over {@code hasp} whose lock names start with {@code prefix + ":"}.
     *
     * @param hasp the client whose locks the jobs take; the provider does not close it
     * @param prefix the start of every lock name, before the {@code ':'}
     * @throws NullPointerException if {@code hasp} is null
     * @throws IllegalArgumentException if {@code prefix} is null or blank
     */
    public HaspLockProvider(Hasp hasp, String prefix) {
        this.hasp = Objects.requireNonNull(hasp, "hasp");
        if (prefix == null || prefix.isBlank()) {
            throw new IllegalArgumentException("prefix must not be blank, got "
                    + (prefix == null ? "null" : "'" + prefix + "'"));
        }
        this.prefix = prefix;
    }

    /**
     * One attempt, no waiting: the lock if no instance holds it.
     *
     * @throws IllegalArgumentException if {@code lockAtMostFor} is shorter than {@link LockOptions#MIN_LEASE_TIME}
     * @throws io.hasp.HaspArgumentException if the name cannot be part of a Hasp lock name (braces, too long)
     * @throws io.hasp.RedisUnavailableException if Redis did not answer in time
     */
    @Override
    public Optional<SimpleLock> lock(LockConfiguration configuration) {
        LockOptions lease = fixedLease(configuration);
        long sentAt = System.nanoTime();
        return hasp.lock(prefix + ":" + configuration.getName(), lease).tryAcquire()
                .map(held -> new HaspSimpleLock(this, held, configuration, sentAt));
    }

    /** Options for a fixed lease of the configuration's {@code lockAtMostFor}. */
    LockOptions fixedLease(LockConfiguration configuration) {
        Duration atMost = configuration.getLockAtMostFor();
        if (atMost.compareTo(LockOptions.MIN_LEASE_TIME) < 0) {
            throw new IllegalArgumentException("lockAtMostFor of lock '" + configuration.getName()
                    + "' must be at least " + LockOptions.MIN_LEASE_TIME + ", got " + atMost);
        }
        return hasp.defaultOptions().toBuilder().leaseTime(atMost).build();
    }

    @Override
    public String toString() {
        return "HaspLockProvider{" + prefix + '}';
    }
}
