package io.hasp.bench;

import io.hasp.Hasp;
import io.hasp.Lease;
import io.hasp.Lock;
import io.hasp.LockOptions;
import io.hasp.RedlockOptions;
import java.time.Duration;
import java.util.function.BiFunction;

/**
 * Hasp's lock, with its default options except the common lease time (and a command timeout that tolerates a loaded
 * machine). One {@link Hasp} client per client.
 */
final class HaspImpl implements LockImpl {
    /**
     * Hasp's default 2 s also bounds its initial connect, which a cold worker JVM on a loaded machine can exceed;
     * the timeout is never reached on the hot path, so raising it changes nothing that is measured.
     */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    private final RedisTarget redis;

    HaspImpl(RedisTarget redis) {
        this.redis = redis;
    }

    @Override
    public String id() {
        return "hasp";
    }

    @Override
    public String label() {
        return "Hasp " + Versions.hasp();
    }

    @Override
    public LockClient newClient() {
        return client(connect(redis), Hasp::lock);
    }

    /** A bench client over {@code hasp} that takes each key's lock with {@code lockFor}; closing it closes hasp. */
    static LockClient client(Hasp hasp, BiFunction<Hasp, String, Lock> lockFor) {
        return LockClient.of(key -> lock(lockFor.apply(hasp, key), key), hasp::close);
    }

    /** A Hasp client with the bench's settings; shared with the fair lock. */
    static Hasp connect(RedisTarget redis) {
        return connect(redis.uri());
    }

    /** A Hasp client with the bench's settings over one Redis, or over several as a Redlock. */
    static Hasp connect(String... uris) {
        return connect(RedlockOptions.defaults(), uris);
    }

    /** {@link #connect(String...)} with these Redlock options (used only over several servers). */
    static Hasp connect(RedlockOptions redlock, String... uris) {
        return Hasp.builder()
                .uris(uris)
                .redlock(redlock)
                .commandTimeout(COMMAND_TIMEOUT)
                .defaultOptions(LockOptions.builder().leaseTime(LEASE_TIME).build())
                .build();
    }

    /** Acquires {@code lock} within the wait limit; the returned unlock releases and checks it was still held. */
    static Held lock(Lock lock, String key) throws InterruptedException {
        Lease lease = lock.acquire(WAIT_LIMIT);
        return () -> {
            if (!lease.release()) {
                throw new IllegalStateException("Hasp lease on " + key + " was no longer held at release");
            }
        };
    }
}
