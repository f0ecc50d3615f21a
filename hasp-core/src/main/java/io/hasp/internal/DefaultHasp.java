package io.hasp.internal;

import io.hasp.Hasp;
import io.hasp.HaspArgumentException;
import io.hasp.HaspException;
import io.hasp.Lock;
import io.hasp.LockAdmin;
import io.hasp.LockOptions;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client on one Redis: one shared command connection, one pub/sub connection (opened on the first wait) that wakes
 * every waiter of the client, one timer thread, and the lock handles made from them. A Redlock client has the same
 * per node of its quorum, under one {@link RedlockBackend}, an admin over its nodes, and no fair locks. Thread-safe:
 * all fields are final or set once before the client is published.
 */
public final class DefaultHasp implements Hasp {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultHasp.class);
    private static final AtomicInteger CLIENT_IDS = new AtomicInteger();

    private final ClientSettings settings;
    private final ScheduledThreadPoolExecutor timer;
    private final LeaseWatchdog watchdog;
    private final LockContext context;
    private final WakeChannels wakeChannels;
    private final Supplier<CompletableFuture<Void>> closeConnections;
    /** What only a client on one Redis has; {@code null} for a Redlock client. */
    private final SingleServer single;
    /** The nodes of a Redlock client; {@code null} for a client on one Redis. */
    private final List<RedlockNode> redlockNodes;
    private final LockContext fairContext;
    private final FairWaitLines fairLines;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** The parts of a client on one Redis that a Redlock client lacks: the admin connection and the fair locks. */
    private record SingleServer(RedisClusterAsyncCommands<String, String> commands, ServerFeatures features,
            SingleNodeBackend backend, PubSubHub pubSub) {
    }

    private DefaultHasp(ClientSettings settings, ScheduledThreadPoolExecutor timer, LockBackend backend,
            WakeChannels wakeChannels, SingleServer single, List<RedlockNode> redlockNodes,
            Supplier<CompletableFuture<Void>> closeConnections) {
        this.settings = settings;
        this.timer = timer;
        this.wakeChannels = wakeChannels;
        this.single = single;
        this.redlockNodes = redlockNodes;
        this.closeConnections = closeConnections;
        this.watchdog = new LeaseWatchdog(timer, settings.ticker());
        WaitLines waiting = new WaitLines(wakeChannels, backend, timer, settings.ticker());
        this.context = new LockContext(backend, waiting, settings.ticker(), timer, settings.executor(), watchdog,
                this);
        if (single == null) {
            this.fairLines = null;
            this.fairContext = null;
        } else {
            FairLockBackend fairBackend = new FairLockBackend(new ScriptRunner(single.commands()), single.backend());
            String grantChannel = settings.namespace() + "client:" + Tokens.newToken().substring(Tokens.PREFIX.length());
            this.fairLines = new FairWaitLines(single.pubSub(), fairBackend, grantChannel);
            this.fairContext = new LockContext(fairBackend, waiting, settings.ticker(), timer, settings.executor(),
                    watchdog, this);
        }
    }

    /**
     * Opens the client's pub/sub connection with the same URI as the command connection: its opening is bounded by
     * the connect timeout, its commands by the command timeout.
     */
    private static CompletableFuture<StatefulRedisPubSubConnection<String, String>> openPubSub(
            RedisClient redisClient, ClientSettings settings) {
        CompletableFuture<StatefulRedisPubSubConnection<String, String>> opening = settings.uris().isEmpty()
                ? CompletableFuture.supplyAsync(() -> redisClient.connectPubSub(StringCodec.UTF8), settings.executor())
                : redisClient.connectPubSubAsync(StringCodec.UTF8, withConnectTimeout(settings.uris().get(0), settings))
                        .toCompletableFuture();
        return opening.thenApply(connection -> {
            connection.setTimeout(settings.commandTimeout());
            return connection;
        });
    }

    /** Connects as {@code settings} say; fails with {@link io.hasp.RedisUnavailableException} if Redis is down. */
    public static DefaultHasp connect(ClientSettings settings) {
        if (!settings.clusterSeeds().isEmpty()) {
            return ClusterConnector.connect(settings);
        }
        if (settings.uris().size() > 1) {
            return connectRedlock(settings);
        }
        boolean owns = settings.redisClient() == null;
        ClientResources resources = owns ? ReconnectPolicy.ownResources() : null;
        RedisClient client = owns ? RedisClient.create(resources) : settings.redisClient();
        if (owns) {
            client.setOptions(ClientOptions.builder()
                    // A command times out after its connection's timeout: the connect timeout from the URI until a
                    // new connection's first answer, then the command timeout (see openCommandConnection).
                    .timeoutOptions(TimeoutOptions.enabled())
                    .socketOptions(SocketOptions.builder().connectTimeout(settings.connectTimeout()).build())
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .build());
        }
        try {
            long deadline = System.nanoTime() + settings.connectTimeout().toNanos();
            StatefulRedisConnection<String, String> connection = openCommandConnection(client, settings, deadline);
            String info;
            try {
                info = connection.async().info("server").get(remainingNanos(deadline), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                connection.closeAsync();
                throw noAnswer(settings);
            } catch (ExecutionException | RuntimeException e) {
                connection.closeAsync();
                throw e;
            }
            connection.setTimeout(settings.commandTimeout());
            connection.addListener(ReconnectPolicy.outageLog(describe(settings)));
            ServerFeatures features = ServerFeatures.fromInfo(info);
            PubSubHub pubSub = new PubSubHub(() -> openPubSub(client, settings));
            Supplier<CompletableFuture<Void>> close = () -> {
                CompletableFuture<Void> closing = connection.closeAsync();
                return owns ? closing.thenCompose(v -> client.shutdownAsync(0, 2, TimeUnit.SECONDS))
                        .thenCompose(v -> ReconnectPolicy.shutdown(resources)) : closing;
            };
            return onOneKeyspace(settings, connection.async(), features, pubSub, close);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shutdownQuietly(client, resources);
            throw new HaspException(null, "interrupted while connecting to Redis", e);
        } catch (Exception e) {
            shutdownQuietly(client, resources);
            if (RedisErrors.anyCauseSays(e, "Cannot provide redisAddress using sentinel")) {
                // Lettuce's answer both when no Sentinel answers and when none knows the name.
                RedisURI uri = settings.uris().get(0);
                throw new HaspException(null, "connecting to " + describe(settings) + " failed: no Sentinel named a"
                        + " primary for master '" + uri.getSentinelMasterId() + "' (none answered, or none monitors"
                        + " a master by that name: check the name after '#' in the redis-sentinel:// URI)", e);
            }
            throw RedisErrors.map(null, "connecting to " + describe(settings), e);
        }
    }

    /**
     * A client whose locks live in one keyspace: one Redis, the primary a Sentinel group names, or a Redis Cluster
     * (whose commands route each lock's keys to their slot's primary).
     */
    static DefaultHasp onOneKeyspace(ClientSettings settings, RedisClusterAsyncCommands<String, String> commands,
            ServerFeatures features, PubSubHub pubSub, Supplier<CompletableFuture<Void>> close) {
        LOG.info("connected to Redis {} ({} release and extend)", features.version(),
                features.nativeCompareAndSet() ? "native DELEX/SET IFEQ" : "Lua script");
        SingleNodeBackend backend = new SingleNodeBackend(commands, features);
        return new DefaultHasp(settings, newTimer(), backend, pubSub,
                new SingleServer(commands, features, backend, pubSub), null, close);
    }

    /** A client over several independent masters: the same locks over a {@link RedlockBackend}. */
    private static DefaultHasp connectRedlock(ClientSettings settings) {
        ScheduledThreadPoolExecutor timer = newTimer();
        try {
            RedlockConnector.Connected connected = RedlockConnector.connect(settings, timer);
            LOG.info("Redlock client over {} nodes ready", settings.uris().size());
            return new DefaultHasp(settings, timer, connected.backend(), new FanInWakeChannels(connected.nodes()),
                    null, connected.nodes(), connected::closeAsync);
        } catch (RuntimeException e) {
            timer.shutdownNow();
            throw e;
        }
    }

    /**
     * Opens the command connection by {@code deadline}. Without a URI, the user's client connects to its default URI
     * within its own timeouts, which Hasp cannot shorten. A connection that arrives after the deadline is closed.
     */
    private static StatefulRedisConnection<String, String> openCommandConnection(RedisClient client,
            ClientSettings settings, long deadline) throws InterruptedException, ExecutionException, TimeoutException {
        if (settings.uris().isEmpty()) {
            return client.connect(StringCodec.UTF8);
        }
        // With a Sentinel URI, Lettuce asks the Sentinels for the primary on every (re)connect, so the connection
        // follows a failover once the old primary is gone or has dropped its clients (as Sentinel makes it do).
        CompletableFuture<StatefulRedisConnection<String, String>> opening = client
                .connectAsync(StringCodec.UTF8, withConnectTimeout(settings.uris().get(0), settings))
                .toCompletableFuture();
        try {
            return opening.get(remainingNanos(deadline), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            opening.thenAccept(StatefulRedisConnection::closeAsync);
            throw noAnswer(settings);
        }
    }

    private static long remainingNanos(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static TimeoutException noAnswer(ClientSettings settings) {
        return new TimeoutException("the connect timeout of " + settings.connectTimeout().toMillis() + " ms ran out");
    }

    /** {@code uri} with the connect timeout, which bounds Lettuce's handshake and a new connection's first command. */
    private static RedisURI withConnectTimeout(RedisURI uri, ClientSettings settings) {
        RedisURI.Builder copy = RedisURI.builder(uri).withTimeout(settings.connectTimeout());
        if (!uri.getSentinels().isEmpty()) { // Lettuce's copy leaves the Sentinels out
            uri.getSentinels().forEach(copy::withSentinel);
            copy.withSentinelMasterId(uri.getSentinelMasterId());
        }
        return copy.build();
    }

    private static String describe(ClientSettings settings) {
        if (settings.uris().isEmpty()) {
            return "the Redis client's default URI";
        }
        return describe(settings.uris().get(0));
    }

    /** Where {@code uri} points, without credentials: {@code host:port}, or the Sentinels and their master name. */
    static String describe(RedisURI uri) {
        if (uri.getSentinels().isEmpty()) {
            return uri.getHost() + ":" + uri.getPort();
        }
        StringBuilder where = new StringBuilder("the primary '").append(uri.getSentinelMasterId())
                .append("' of the Sentinels");
        uri.getSentinels().forEach(sentinel -> where.append(' ').append(sentinel.getHost()).append(':')
                .append(sentinel.getPort()));
        return where.toString();
    }

    /** Shuts down the Lettuce client if we made it ({@code resources} not null). */
    private static void shutdownQuietly(RedisClient client, ClientResources resources) {
        if (resources != null) {
            client.shutdownAsync(0, 1, TimeUnit.SECONDS).thenCompose(v -> ReconnectPolicy.shutdown(resources));
        }
    }

    private static ScheduledThreadPoolExecutor newTimer() {
        String name = "hasp-timer-" + CLIENT_IDS.incrementAndGet();
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
        Arguments.notNull("options", options);
        LockKeys keys = LockKeys.of(settings.namespace(), Arguments.checkName(name));
        if (options.replicaAcks() == 0) {
            return new RedisLock(context, keys, options);
        }
        if (single == null) {
            throw new HaspException(name, "replicaAcks is for a primary with replicas (Sentinel or Redis Cluster);"
                    + " a Redlock client's servers are independent masters");
        }
        if (options.replicaAckTimeout().compareTo(settings.commandTimeout()) >= 0) {
            throw new HaspArgumentException("replicaAckTimeout (" + options.replicaAckTimeout() + ") must be shorter"
                    + " than the command timeout (" + settings.commandTimeout() + "), which bounds the WAIT too");
        }
        LockBackend acknowledged = new ReplicaAckBackend(single.backend(), options.replicaAcks(),
                options.replicaAckTimeout().toMillis());
        return new RedisLock(new LockContext(acknowledged, context.waitLines(), settings.ticker(), timer,
                settings.executor(), watchdog, this), keys, options);
    }

    @Override
    public Lock fairLock(String name) {
        return fairLock(name, settings.defaultOptions());
    }

    @Override
    public Lock fairLock(String name, LockOptions options) {
        Arguments.notNull("options", options);
        if (options.replicaAcks() > 0) {
            throw new HaspArgumentException("replicaAcks is not available on fairLock('" + name + "') yet; use lock('"
                    + name + "')");
        }
        if (single == null) {
            throw new HaspException(name, "fairLock('" + name + "') is not available on a client over several Redis"
                    + " servers (Redlock): use lock('" + name + "') for the same mutual exclusion without first-come,"
                    + " first-served order, or a client on one Redis (Hasp.connect(uri)) for a fair lock");
        }
        return new RedisLock(fairContext, LockKeys.of(settings.namespace(), Arguments.checkName(name)), options,
                fairLines);
    }

    @Override
    public LockOptions defaultOptions() {
        return settings.defaultOptions();
    }

    @Override
    public LockAdmin admin() {
        if (single == null) {
            return new RedlockLockAdmin(redlockNodes, settings.namespace(), this, settings.commandTimeout());
        }
        return new RedisLockAdmin(single.commands(), settings.namespace(), this);
    }

    /** The server version and command set this client detected; {@code null} for a Redlock client. */
    public ServerFeatures serverFeatures() {
        return single == null ? null : single.features();
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
        return wakeChannels.close().exceptionally(failure -> null).thenCompose(v -> closeConnections.get())
                .exceptionally(failure -> {
            LOG.warn("closing the Hasp client: {}", failure.toString());
            return null;
        });
    }
}
