package io.hasp.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The baseline: the least a correct single-Redis lock can do. Acquire is {@code SET key token NX PX}, release a
 * compare-and-delete script by EVALSHA: two round trips per uncontended cycle, no fencing, no foreign-data checks. A
 * contended acquire polls with a short jittered backoff (0.1 ms doubling to 1 ms), which keeps hand-off fast at the
 * cost of extra commands. One shared Lettuce connection per client, like Hasp.
 */
final class RawImpl implements LockImpl {
    private static final String RELEASE_SCRIPT =
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
    private static final long FIRST_PAUSE_NANOS = 100_000;
    private static final long MAX_PAUSE_NANOS = 1_000_000;

    private final RedisTarget redis;

    RawImpl(RedisTarget redis) {
        this.redis = redis;
    }

    @Override
    public String id() {
        return "raw";
    }

    @Override
    public String label() {
        return "Raw Lettuce " + Versions.lettuce() + " SET NX PX + EVALSHA";
    }

    @Override
    public LockClient newClient() {
        RedisClient client = RedisClient.create(RedisURI.create(redis.uri()));
        StatefulRedisConnection<String, String> connection = client.connect();
        RedisCommands<String, String> commands = connection.sync();
        String releaseSha = commands.scriptLoad(RELEASE_SCRIPT);
        // Unique per client and cycle, as a token must be; cheaper than random bytes, which the baseline may skip.
        String tokenPrefix = UUID.randomUUID() + ":";
        AtomicLong sequence = new AtomicLong();
        SetArgs acquireArgs = SetArgs.Builder.nx().px(LEASE_TIME.toMillis());
        return new LockClient() {
            @Override
            public Held lock(String key) throws InterruptedException {
                String token = tokenPrefix + sequence.incrementAndGet();
                poll(() -> commands.set(key, token, acquireArgs) != null, "raw lock", key);
                return () -> {
                    Long deleted = commands.evalsha(releaseSha, ScriptOutputType.INTEGER, new String[] {key}, token);
                    if (deleted == null || deleted != 1) {
                        throw new IllegalStateException("raw lock on " + key + " was no longer held at release");
                    }
                };
            }

            @Override
            public void close() {
                connection.close();
                client.shutdown();
            }
        };
    }

    /**
     * Repeats {@code attempt} until it succeeds, with the baseline's short jittered backoff between tries; throws if
     * it has not succeeded within the wait limit.
     */
    static void poll(BooleanSupplier attempt, String what, String key) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
        long pauseCeiling = FIRST_PAUSE_NANOS;
        while (!attempt.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(what + " did not acquire " + key + " within " + WAIT_LIMIT);
            }
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(pauseCeiling / 2, pauseCeiling + 1));
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            pauseCeiling = Math.min(MAX_PAUSE_NANOS, pauseCeiling * 2);
        }
    }
}
