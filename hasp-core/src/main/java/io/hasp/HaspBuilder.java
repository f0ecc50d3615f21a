package io.hasp;

import io.hasp.internal.Arguments;
import io.hasp.internal.ClientSettings;
import io.hasp.internal.DefaultHasp;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Builds a {@link Hasp} client. Each setter validates its argument at once and throws {@link HaspArgumentException}
 * naming the argument and the bad value. Not thread-safe; the client it builds is.
 */
public final class HaspBuilder {
    private final List<RedisURI> uris = new ArrayList<>();
    private RedisClient redisClient;
    private String namespace = "hasp:";
    private LockOptions defaultOptions = LockOptions.defaults();
    private Duration commandTimeout = Duration.ofSeconds(2);
    private Ticker ticker = Ticker.system();
    private Executor executor = ForkJoinPool.commonPool();

    HaspBuilder() {
    }

    /** The Redis to use, as a URI string ({@code redis://}, {@code rediss://}, with user, password and database). */
    public HaspBuilder uri(String uri) {
        return uri(Arguments.parseUri(uri));
    }

    /** The Redis to use, as a Lettuce {@link RedisURI}. */
    public HaspBuilder uri(RedisURI uri) {
        Objects.requireNonNull(uri, "uri");
        if (!uris.isEmpty()) {
            throw new HaspArgumentException("uri is already set to " + uris.get(0) + "; one client talks to one Redis");
        }
        uris.add(uri);
        return this;
    }

    /**
     * A Lettuce client of yours to connect with; Hasp will not shut it down. Without a {@link #uri} the client's
     * default URI is used.
     */
    public HaspBuilder redisClient(RedisClient client) {
        this.redisClient = Objects.requireNonNull(client, "redisClient");
        return this;
    }

    /** The prefix of every key Hasp writes; default {@code "hasp:"}. No braces, at most 64 characters. */
    public HaspBuilder namespace(String namespace) {
        this.namespace = Arguments.checkNamespace(namespace);
        return this;
    }

    /** The options used by {@link Hasp#lock(String)}. */
    public HaspBuilder defaultOptions(LockOptions options) {
        this.defaultOptions = Objects.requireNonNull(options, "defaultOptions");
        return this;
    }

    /** How long any one Redis command may take before it fails with {@link RedisUnavailableException}; default 2 s. */
    public HaspBuilder commandTimeout(Duration timeout) {
        this.commandTimeout = Arguments.checkPositive("commandTimeout", timeout, Duration.ofMinutes(5));
        return this;
    }

    /** The monotonic clock that lease validity is computed on; default {@link Ticker#system()}. */
    public HaspBuilder ticker(Ticker ticker) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        return this;
    }

    /** Where futures returned by the {@code ...Async} methods complete; default the common fork-join pool. */
    public HaspBuilder executor(Executor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
        return this;
    }

    /**
     * Connects and returns the client.
     *
     * @throws HaspArgumentException if neither a URI nor a Redis client was given
     * @throws RedisUnavailableException if Redis cannot be reached within the command timeout
     */
    public Hasp build() {
        if (uris.isEmpty() && redisClient == null) {
            throw new HaspArgumentException("uri is not set: call uri(\"redis://host:port\") or redisClient(client)");
        }
        return DefaultHasp.connect(new ClientSettings(List.copyOf(uris), redisClient, namespace, defaultOptions,
                commandTimeout, ticker, executor));
    }
}
