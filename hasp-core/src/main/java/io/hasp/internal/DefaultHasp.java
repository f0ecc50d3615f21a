package io.hasp.internal;

import io.hasp.Hasp;
import io.hasp.HaspArgumentException;
import io.hasp.HaspException;
import io.hasp.LeaderElection;
import io.hasp.Lock;
import io.hasp.LockAdmin;
import io.hasp.LockOptions;
import io.hasp.ReadWriteLock;
import io.hasp.Semaphore;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client: the {@link Topology} a {@link Connector} connected (one Redis, a Sentinel-watched primary, a Redis
 * Cluster, or several Redis under Redlock), one timer thread, one lease watchdog, and the lock handles made from them.
 * It does not know which kind of servers it runs on. Thread-safe: all fields are final and set before the client is published.
 */
public final class DefaultHasp implements Hasp {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultHasp.class);
    private static final AtomicInteger CLIENT_IDS = new AtomicInteger();

    private final ClientSettings settings;
    private final ScheduledThreadPoolExecutor timer;
    private final Topology topology;
    private final ClientLifecycle lifecycle;
    private final LeaseWatchdog watchdog;
    private final LockContext context;
    private final FairLocks fairLocks;

    private DefaultHasp(ClientSettings settings, ScheduledThreadPoolExecutor timer, Topology topology) {
        this.settings = settings;
        this.timer = timer;
        this.topology = topology;
        this.lifecycle = new ClientLifecycle(topology::refusal);
        this.watchdog = new LeaseWatchdog(timer, settings.ticker());
        WaitLines waiting = new WaitLines(topology.wakeChannels(), topology.backend(), timer, settings.ticker());
        LockEvents events = new LockEvents(settings.listeners(), settings.executor());
        this.context = new LockContext(topology.backend(), waiting, settings.ticker(), timer, settings.executor(),
                watchdog, events, lifecycle);
        this.fairLocks = topology.fairLocks(context, Tokens.newToken().substring(Tokens.PREFIX.length()));
    }

    /** Connects as {@code settings} say; fails with {@link io.hasp.RedisUnavailableException} if Redis is down. */
    public static DefaultHasp connect(ClientSettings settings) {
        ScheduledThreadPoolExecutor timer = newTimer();
        try {
            return new DefaultHasp(settings, timer, Connector.forSettings(settings).connect(settings, timer));
        } catch (RuntimeException e) {
            timer.shutdownNow();
            throw e;
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
        LockBackend acknowledged = topology.replicaAcked(keys.name(), options.replicaAcks(),
                options.replicaAckTimeout().toMillis());
        if (options.replicaAckTimeout().compareTo(settings.commandTimeout()) >= 0) {
            throw new HaspArgumentException("replicaAckTimeout (" + options.replicaAckTimeout() + ") must be shorter"
                    + " than the command timeout (" + settings.commandTimeout() + "), which bounds the WAIT too");
        }
        return new RedisLock(context.withBackend(acknowledged), keys, options);
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
        return fairLocks.lock(LockKeys.of(settings.namespace(), Arguments.checkName(name)), options);
    }

    @Override
    public Semaphore semaphore(String name, int permits) {
        return semaphore(name, permits, settings.defaultOptions());
    }

    @Override
    public Semaphore semaphore(String name, int permits, LockOptions options) {
        String checked = checkName(name, options);
        PrimitiveServer server = primitiveServer(checked, "semaphore", "a permit count cannot be kept consistent"
                + " across independent servers without a quorum protocol of its own");
        return new RedisSemaphore(context, server, LockKeys.beside(settings.namespace(), checked,
                "semaphore"), permits, options);
    }

    @Override
    public ReadWriteLock readWriteLock(String name) {
        return readWriteLock(name, settings.defaultOptions());
    }

    @Override
    public ReadWriteLock readWriteLock(String name, LockOptions options) {
        String checked = checkName(name, options);
        PrimitiveServer server = primitiveServer(checked, "readWriteLock", "readers and a waiting writer's intent"
                + " are not kept by a quorum");
        return new RedisReadWriteLock(context, server.backend().scripts(), server.backend(),
                LockKeys.beside(settings.namespace(), checked, "rw"), options);
    }

    @Override
    public LeaderElection leaderElection(String name) {
        return leaderElection(name, settings.defaultOptions());
    }

    @Override
    public LeaderElection leaderElection(String name, LockOptions options) {
        String checked = checkName(name, options);
        if (!options.watchdogEnabled()) {
            throw new HaspArgumentException("leaderElection('" + checked + "') needs options with the watchdog:"
                    + " leadership is a renewed lease, got a fixed lease time of " + options.leaseTime());
        }
        Lock lock = new RedisLock(context, LockKeys.beside(settings.namespace(), checked, "leader"), options);
        return new RedisLeaderElection(checked, lock, timer, settings.executor());
    }

    private static String checkName(String name, LockOptions options) {
        Arguments.notNull("options", options);
        return Arguments.checkName(name);
    }

    /** The server that keeps {@code primitive}; over Redlock a refusal with {@code why} and what to use instead. */
    private PrimitiveServer primitiveServer(String name, String primitive, String why) {
        return topology.primitiveServer().orElseThrow(() -> new HaspException(name, primitive + "('" + name
                + "') is not available on a client over several Redis servers (Redlock): " + why + ". Use a client"
                + " on one Redis (Hasp.connect(uri)) for it, or lock(name) for mutual exclusion over Redlock"));
    }

    @Override
    public LockOptions defaultOptions() {
        return settings.defaultOptions();
    }

    @Override
    public LockAdmin admin() {
        return topology.admin(settings.namespace(), lifecycle, settings.commandTimeout());
    }

    /** The server version and command set this client detected; empty for a Redlock client. */
    public Optional<ServerFeatures> serverFeatures() {
        return topology.serverFeatures();
    }

    @Override
    public void close() {
        closeAsync().join();
    }

    @Override
    public CompletableFuture<Void> closeAsync() {
        if (!lifecycle.close()) {
            return CompletableFuture.completedFuture(null);
        }
        watchdog.close();
        timer.shutdown(); // pending retries still run, find the client closed, and fail their waiters
        return topology.closeAsync().exceptionally(failure -> {
            LOG.warn("closing the Hasp client: {}", failure.toString());
            return null;
        });
    }
}
