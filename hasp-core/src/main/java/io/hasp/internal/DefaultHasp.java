package io.hasp.internal;

import io.hasp.Hasp;
import io.hasp.HaspException;
import io.hasp.Lock;
import io.hasp.LockAdmin;
import io.hasp.LockOptions;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client on one Redis: one shared command connection, one pub/sub connection (opened on the first wait) that wakes
 * every waiter of the client, one timer thread, and the lock handles made from them. Thread-safe: all fields are
 * final or set once before the client is published.
 */
public final class DefaultHasp implements Hasp {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultHasp.class);
    private static final AtomicInteger CLIENT_IDS = new AtomicInteger();

    private final ClientSettings settings;
    private final RedisClient redisClient;
    private final boolean ownsRedisClient;
    private final StatefulRedisConnection<String, String> connection;
    private final ScheduledThreadPoolExecutor timer;
    private final LeaseWatchdog watchdog;
    private final LockContext context;
    private final LockContext fairContext;
    private final FairWaitRooms fairRooms;
    private final PubSubHub pubSub;
    private final ServerFeatures features;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DefaultHasp(ClientSettings settings, RedisClient redisClient, boolean ownsRedisClient,
            StatefulRedisConnection<String, String> connection, ServerFeatures features) {
        this.settings = settings;
        this.redisClient = redisClient;
        this.ownsRedisClient = ownsRedisClient;
        this.connection = connection;
        this.features = features;
        this.timer = newTimer("hasp-timer-" + CLIENT_IDS.incrementAndGet());
        SingleNodeBackend backend = new SingleNodeBackend(connection.async(), features);
        this.watchdog = new LeaseWatchdog(timer, settings.ticker());
        this.pubSub = new PubSubHub(this::openPubSub);
        WaitStrategy waiting = new NotifiedWaitStrategy(pubSub, backend, timer, settings.ticker());
        this.context = new LockContext(backend, waiting, settings.ticker(), timer, settings.executor(), watchdog,
                this);
        FairLockBackend fairBackend = new FairLockBackend(new ScriptRunner(connection.async()), backend);
        this.fairRooms = new FairWaitRooms(pubSub, fairBackend);
        this.fairContext = new LockContext(fairBackend, waiting, settings.ticker(), timer, settings.executor(),
                watchdog, this);
    }

    /** Opens the client's pub/sub connection, with the same URI and timeout as the command connection. */
    private CompletableFuture<StatefulRedisPubSubConnection<String, String>> openPubSub() {
        if (settings.uris().isEmpty()) {
            return CompletableFuture.supplyAsync(() -> redisClient.connectPubSub(StringCodec.UTF8),
                    settings.executor());
        }
        return redisClient.connectPubSubAsync(StringCodec.UTF8, withTimeout(settings.uris().get(0), settings))
                .toCompletableFuture();
    }

    /** Connects as {@code settings} say; fails with {@link io.hasp.RedisUnavailableException} if Redis is down. */
    public static DefaultHasp connect(ClientSettings settings) {
        boolean owns = settings.redisClient() == null;
        RedisClient client = owns ? RedisClient.create() : settings.redisClient();
        if (owns) {
            client.setOptions(ClientOptions.builder()
                    .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .build());
        }
        try {
            StatefulRedisConnection<String, String> connection = settings.uris().isEmpty()
                    ? client.connect(StringCodec.UTF8)
                    : client.connect(StringCodec.UTF8, withTimeout(settings.uris().get(0), settings));
            String info = connection.async().info("server").get(settings.commandTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
            ServerFeatures features = ServerFeatures.fromInfo(info);
            LOG.info("connected to Redis {} ({} release and extend)", features.version(),
                    features.nativeCompareAndSet() ? "native DELEX/SET IFEQ" : "Lua script");
            return new DefaultHasp(settings, client, owns, connection, features);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shutdownQuietly(client, owns);
            throw new HaspException(null, "interrupted while connecting to Redis", e);
        } catch (Exception e) {
            shutdownQuietly(client, owns);
            throw RedisErrors.map(null, "connecting to " + describe(settings), e);
        }
    }

    private static RedisURI withTimeout(RedisURI uri, ClientSettings settings) {
        return RedisURI.builder(uri).withTimeout(settings.commandTimeout()).build();
    }

    private static String describe(ClientSettings settings) {
        if (settings.uris().isEmpty()) {
            return "the Redis client's default URI";
        }
        RedisURI uri = settings.uris().get(0);
        return uri.getHost() + ":" + uri.getPort();
    }

    private static void shutdownQuietly(RedisClient client, boolean owns) {
        if (owns) {
            client.shutdownAsync(0, 1, TimeUnit.SECONDS);
        }
    }

    private static ScheduledThreadPoolExecutor newTimer(String name) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    @Override
    public Lock lock(String name) {
        return lock(name, settings.defaultOptions());
    }

    @Override
    public Lock lock(String name, LockOptions options) {
        Objects.requireNonNull(options, "options");
        return new RedisLock(context, LockKeys.of(settings.namespace(), Arguments.checkName(name)), options);
    }

    @Override
    public Lock fairLock(String name) {
        return fairLock(name, settings.defaultOptions());
    }

    @Override
    public Lock fairLock(String name, LockOptions options) {
        Objects.requireNonNull(options, "options");
        return new RedisLock(fairContext, LockKeys.of(settings.namespace(), Arguments.checkName(name)), options,
                fairRooms);
    }

    @Override
    public LockOptions defaultOptions() {
        return settings.defaultOptions();
    }

    @Override
    public LockAdmin admin() {
        return new RedisLockAdmin(connection.async(), settings.namespace(), this);
    }

    /** The server version and command set this client detected. */
    public ServerFeatures serverFeatures() {
        return features;
    }

    /** Throws if the client was closed; called before any Redis work. */
    void checkOpen(String lockName) {
        if (closed.get()) {
            throw new HaspException(lockName, "the Hasp client is closed");
        }
    }

    @Override
    public void close() {
        closeAsync().join();
    }

    @Override
    public CompletableFuture<Void> closeAsync() {
        if (!closed.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null);
        }
        watchdog.close();
        timer.shutdown(); // pending retries still run, find the client closed, and fail their waiters
        CompletableFuture<Void> closing = pubSub.close().exceptionally(failure -> null)
                .thenCompose(v -> connection.closeAsync());
        if (ownsRedisClient) {
            closing = closing.thenCompose(v -> redisClient.shutdownAsync(0, 2, TimeUnit.SECONDS));
        }
        return closing.exceptionally(failure -> {
            LOG.warn("closing the Hasp client: {}", failure.toString());
            return null;
        });
    }
}
