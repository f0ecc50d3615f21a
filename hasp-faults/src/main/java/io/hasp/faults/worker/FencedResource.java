package io.hasp.faults.worker;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The shared state the locks protect: a counter in a Redis hash on its own server (never faulted, so a lock server's
 * restart cannot take the data with it), read and written only through the fenced scripts {@code fenced-read.lua}
 * and {@code fenced-write.lua}. Plain Lettuce, outside the lock library.
 *
 * <p>Thread-safe: one Lettuce connection shared by the worker's threads.
 */
public final class FencedResource implements AutoCloseable {
    private static final String READ_SCRIPT = load("fenced-read.lua");
    private static final String WRITE_SCRIPT = load("fenced-write.lua");

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> commands;
    private final String key;
    private final String enforce;
    private final String readSha;
    private final String writeSha;

    private FencedResource(RedisClient client, StatefulRedisConnection<String, String> connection, String key,
            boolean enforceFence) {
        this.client = client;
        this.connection = connection;
        this.commands = connection.sync();
        this.key = key;
        this.enforce = enforceFence ? "1" : "0";
        this.readSha = commands.digest(READ_SCRIPT);
        this.writeSha = commands.digest(WRITE_SCRIPT);
    }

    /**
     * @param enforceFence false only for the deliberately broken {@link BrokenMode#NO_FENCE} workload
     */
    public static FencedResource connect(String uri, String lockName, Duration timeout, boolean enforceFence) {
        RedisURI redisUri = RedisURI.create(uri);
        redisUri.setTimeout(timeout);
        RedisClient client = RedisClient.create(redisUri);
        try {
            return new FencedResource(client, client.connect(), keyOf(lockName), enforceFence);
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    /** The hash that holds the counter protected by {@code lockName}. */
    public static String keyOf(String lockName) {
        return "resource:" + lockName;
    }

    /** What a fenced read returned. */
    public record ReadReply(boolean served, long value, long seq, long redisMicros) {
    }

    /** What a fenced write returned. */
    public record WriteReply(boolean applied, long seq, long redisMicros, long lastAppliedToken) {
    }

    /** Reads the counter with {@code token}; throws Lettuce's exceptions when Redis does not answer in time. */
    public ReadReply read(long token) {
        List<Object> reply = run(readSha, READ_SCRIPT, Long.toString(token), enforce);
        return new ReadReply(number(reply.get(0)) == 1, number(reply.get(1)), number(reply.get(2)),
                micros(reply.get(3), reply.get(4)));
    }

    /** Writes {@code value} with {@code token}; throws Lettuce's exceptions when Redis does not answer in time. */
    public WriteReply write(long token, long value, String writeId) {
        List<Object> reply = run(writeSha, WRITE_SCRIPT, Long.toString(token), Long.toString(value), writeId, enforce);
        return new WriteReply(number(reply.get(0)) == 1, number(reply.get(1)), micros(reply.get(2), reply.get(3)),
                number(reply.get(4)));
    }

    private List<Object> run(String sha, String script, String... args) {
        String[] keys = {key};
        try {
            return commands.evalsha(sha, ScriptOutputType.MULTI, keys, args);
        } catch (RedisNoScriptException e) {
            return commands.eval(script, ScriptOutputType.MULTI, keys, args);
        }
    }

    private static long number(Object value) {
        return value instanceof Long l ? l : Long.parseLong(value.toString());
    }

    private static long micros(Object seconds, Object micros) {
        return number(seconds) * 1_000_000L + number(micros);
    }

    private static String load(String name) {
        try (InputStream in = FencedResource.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource script " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
