package io.hasp.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * The semaphore baseline: the least a 2-round-trip permit cycle can do. The permits in use are one counter; acquire
 * is one EVALSHA (read the counter, and increment it if it is below the permit count), release a plain {@code DECR}.
 * No lease (a holder that dies keeps its permit for ever), no token, no fence, no queue, no foreign-data checks: the
 * floor the semaphores' uncontended cycle is compared with. A contended acquire polls as {@link RawImpl} does. One
 * shared Lettuce connection per client, like Hasp.
 */
final class RawSemaphoreImpl implements LockImpl {
    private static final String ACQUIRE_SCRIPT = "if tonumber(redis.call('get', KEYS[1]) or '0') < tonumber(ARGV[1])"
            + " then return redis.call('incr', KEYS[1]) else return 0 end";

    private final RedisTarget redis;
    private final int permits;

    RawSemaphoreImpl(RedisTarget redis, int permits) {
        this.redis = redis;
        this.permits = permits;
    }

    @Override
    public String id() {
        return "raw-semaphore";
    }

    @Override
    public String label() {
        return "Raw Lettuce " + Versions.lettuce() + " counter EVALSHA + DECR";
    }

    @Override
    public LockClient newClient() {
        RedisClient client = RedisClient.create(RedisURI.create(redis.uri()));
        StatefulRedisConnection<String, String> connection = client.connect();
        RedisCommands<String, String> commands = connection.sync();
        String acquireSha = commands.scriptLoad(ACQUIRE_SCRIPT);
        String limit = Integer.toString(permits);
        return LockClient.of(key -> {
            String counter = key + ":used";
            RawImpl.poll(() -> {
                Long taken = commands.evalsha(acquireSha, ScriptOutputType.INTEGER, new String[] {counter}, limit);
                return taken != null && taken > 0;
            }, "raw semaphore", key);
            return Held.shared(() -> commands.decr(counter));
        }, () -> {
            connection.close();
            client.shutdown();
        });
    }
}
