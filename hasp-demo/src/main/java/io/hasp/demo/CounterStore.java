package io.hasp.demo;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The Redis that holds the counter: the resource the lock protects. A read and a write are separate commands on
 * purpose, so that the read-modify-write is not atomic in Redis and only the lock keeps it exact.
 *
 * <p>With the lock, reads and writes are <em>fenced</em>: the store remembers the newest fencing token it has seen and
 * refuses a holder whose token is older (scripts {@code fenced-read.lua}, {@code fenced-write.lua}). A holder whose
 * lease ran out while it paused thus gets a refusal instead of overwriting a newer holder's work.
 *
 * <p>On a Redis Cluster both keys share the {@code {counter}} hash tag, so the scripts run on one slot's primary;
 * the client follows failovers and slot moves as Hasp's own cluster client does.
 *
 * <p>Thread-safe: one Lettuce connection, which Lettuce lets many threads share.
 */
final class CounterStore implements AutoCloseable {
    static final String COUNTER_KEY = "hasp-demo:{counter}";
    static final String FENCE_KEY = "hasp-demo:{counter}:fence";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    private static final String[] KEYS = {COUNTER_KEY, FENCE_KEY};

    private final AbstractRedisClient client;
    private final StatefulConnection<String, String> connection;
    private final RedisClusterCommands<String, String> redis;
    private final Script fencedRead = Script.load("fenced-read.lua");
    private final Script fencedWrite = Script.load("fenced-write.lua");

    private CounterStore(AbstractRedisClient client, StatefulConnection<String, String> connection,
            RedisClusterCommands<String, String> redis) {
        this.client = client;
        this.connection = connection;
        this.redis = redis;
    }

    /** Connects to the store (one Redis, Sentinel URI or cluster); fails with a Lettuce exception if unreachable. */
    static CounterStore connect(RedisDeployment store) {
        SocketOptions socket = SocketOptions.builder().connectTimeout(LockClients.CONNECT_TIMEOUT).build();
        List<RedisURI> uris = store.uris().stream().map(CounterStore::redisUri).toList();
        if (store.cluster()) {
            RedisClusterClient client = RedisClusterClient.create(uris);
            client.setOptions(ClusterClientOptions.builder()
                    .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                    .socketOptions(socket)
                    // Node connections open lazily: a command meeting one still connecting waits (bounded by the
                    // fixed timeout) instead of being refused as on one Redis.
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enableAllAdaptiveRefreshTriggers().enablePeriodicRefresh(Duration.ofSeconds(5)).build())
                    .build());
            try {
                StatefulRedisClusterConnection<String, String> connection = client.connect();
                return new CounterStore(client, connection, connection.sync());
            } catch (RuntimeException e) {
                client.shutdown(0, 1, TimeUnit.SECONDS);
                throw e;
            }
        }
        RedisClient client = RedisClient.create();
        client.setOptions(ClientOptions.builder()
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .socketOptions(socket)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        try {
            StatefulRedisConnection<String, String> connection = client.connect(uris.get(0));
            return new CounterStore(client, connection, connection.sync());
        } catch (RuntimeException e) {
            client.shutdown(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    private static RedisURI redisUri(String uri) {
        RedisURI redisUri = RedisURI.create(uri);
        redisUri.setTimeout(LockClients.CONNECT_TIMEOUT); // the handshake's; commands keep the fixed one above
        return redisUri;
    }

    /** The counter, unfenced: for {@code /counter} and the unsafe path. */
    long read() {
        String value = redis.get(COUNTER_KEY);
        return value == null ? 0 : Long.parseLong(value);
    }

    /** Writes the counter, unfenced: the unsafe path. */
    void write(long value) {
        redis.set(COUNTER_KEY, Long.toString(value));
    }

    /** The counter, read for the holder of {@code fence}; empty if a newer holder has been here. */
    OptionalLong fencedRead(long fence) {
        List<Object> reply = fencedRead.run(redis, ScriptOutputType.MULTI, Long.toString(fence));
        if ((Long) reply.get(0) == 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong((String) reply.get(1)));
    }

    /** Writes the counter for the holder of {@code fence}; {@code false} if a newer holder has been here. */
    boolean fencedWrite(long fence, long value) {
        Long written = fencedWrite.run(redis, ScriptOutputType.INTEGER, Long.toString(fence), Long.toString(value));
        return written == 1;
    }

    /** Whether the store answers PING within the command timeout. */
    boolean ping() {
        try {
            return "PONG".equals(redis.ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(0, 2, TimeUnit.SECONDS);
    }

    /** A Lua resource run by EVALSHA, falling back to EVAL when the server does not have it cached. */
    private record Script(String body, String sha1) {
        static Script load(String resource) {
            try (InputStream in = CounterStore.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource io/hasp/demo/" + resource);
                }
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return new Script(body, sha1Hex(body));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }

        <T> T run(RedisClusterCommands<String, String> redis, ScriptOutputType type, String... args) {
            try {
                return redis.evalsha(sha1, type, KEYS, args);
            } catch (RedisCommandExecutionException e) {
                if (e.getMessage() == null || !e.getMessage().startsWith("NOSCRIPT")) {
                    throw e;
                }
                return redis.eval(body, type, KEYS, args);
            }
        }

        private static String sha1Hex(String body) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-1 is required by every JVM", e);
            }
        }
    }
}
