package io.hasp.faults.nemesis;

import io.hasp.faults.history.Event;
import io.hasp.faults.history.HistoryReader;
import io.hasp.faults.history.HistoryWriter;
import io.hasp.faults.history.Op;
import io.hasp.faults.history.Type;
import io.hasp.faults.worker.FencedResource;
import io.hasp.faults.worker.WorkerConfig;
import io.hasp.testkit.FaultProxy;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.Timing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The processes of one scenario: the lock servers, the resource server, one fault proxy per worker and lock server,
 * and the worker processes, plus the nemesis and runner histories in the run directory and a {@link StallMonitor}.
 * A replicated variant gets a {@link FailoverGroup} (a Redis Cluster or a Sentinel group) instead of independent lock
 * servers, and no proxies: cluster nodes and Sentinels hand clients the nodes' own addresses, which a proxy in front
 * would not change, so the workers connect directly.
 *
 * <p>Thread-safe: nemeses act on it concurrently. Workers are replaced (after a kill) through
 * {@link #restartWorker(String)}; the current process of each worker sits in a concurrent map. Servers and proxies
 * are thread-safe themselves.
 */
public final class Deployment implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** The lock's key as Hasp lays it out ({@code hasp:{name}}): its hash tag decides the lock's cluster slot. */
    private static final String LOCK_KEY = "hasp:{" + DeploymentSpec.LOCK_NAME + "}";

    private final DeploymentSpec spec;
    private final Path dir;
    private final List<RedisServer> lockNodes;
    private final RedisServer resource;
    private final Map<String, List<FaultProxy>> proxies;
    private final List<String> workerNames;
    private final FailoverGroup group;
    private final Map<String, WorkerProcess> workers = new ConcurrentHashMap<>();
    private final Signals signals = Signals.start();
    private final HistoryWriter runnerHistory;
    private final FaultLog faults;
    private final Thread killWorkersOnExit = new Thread(this::destroyWorkers, "fault-run-cleanup");
    private final StallMonitor stalls;

    private Deployment(DeploymentSpec spec, Path dir, List<RedisServer> lockNodes, FailoverGroup group,
            RedisServer resource, Map<String, List<FaultProxy>> proxies) {
        this.spec = spec;
        this.dir = dir;
        this.lockNodes = lockNodes;
        this.group = group;
        this.resource = resource;
        this.proxies = proxies;
        List<String> names = new ArrayList<>();
        for (int w = 1; w <= spec.workers(); w++) {
            names.add("w" + w);
        }
        this.workerNames = List.copyOf(names);
        this.runnerHistory = HistoryWriter.open(dir.resolve("runner" + HistoryReader.SUFFIX));
        this.faults = new FaultLog(HistoryWriter.open(dir.resolve("nemesis" + HistoryReader.SUFFIX)));
        this.stalls = StallMonitor.start(runnerHistory);
        // A worker frozen by SIGSTOP would outlive an interrupted runner (it cannot see its input end): kill it.
        Runtime.getRuntime().addShutdownHook(killWorkersOnExit);
    }

    /** Starts the servers and proxies (not yet the workers); histories go to {@code dir}. */
    public static Deployment start(DeploymentSpec spec, Path dir) {
        List<RedisServer> nodes = new ArrayList<>();
        FailoverGroup group = null;
        RedisServer resource = null;
        Map<String, List<FaultProxy>> proxies = new LinkedHashMap<>();
        try {
            switch (spec.variant().topology()) {
                case CLUSTER -> group = ClusterGroup.start(LOCK_KEY);
                case SENTINEL -> group = SentinelGroup.start();
                case STANDALONE -> { }
            }
            for (int i = 0; group == null && i < spec.variant().nodes(); i++) {
                RedisServer.Builder builder = RedisServer.builder();
                spec.persistence().configure(builder);
                nodes.add(builder.start());
            }
            resource = RedisServer.start();
            for (int w = 1; group == null && w <= spec.workers(); w++) {
                List<FaultProxy> own = new ArrayList<>();
                for (RedisServer node : nodes) {
                    own.add(FaultProxy.start(node));
                }
                proxies.put("w" + w, own);
            }
            return new Deployment(spec, dir, nodes, group, resource, proxies);
        } catch (RuntimeException e) {
            proxies.values().forEach(list -> list.forEach(FaultProxy::close));
            nodes.forEach(RedisServer::close);
            if (group != null) {
                group.close();
            }
            if (resource != null) {
                resource.close();
            }
            throw e;
        }
    }

    public DeploymentSpec spec() {
        return spec;
    }

    public FaultLog faults() {
        return faults;
    }

    /** Worker names ({@code w1}, {@code w2}, ...). */
    public List<String> workerNames() {
        return workerNames;
    }

    /** The current process of a worker. */
    public WorkerProcess worker(String name) {
        return workers.get(name);
    }

    /**
     * @throws IllegalStateException for a replicated variant, whose workers connect without proxies
     */
    public List<FaultProxy> proxiesOf(String worker) {
        if (group != null) {
            throw new IllegalStateException(spec.variant().name() + " workers connect without fault proxies");
        }
        return proxies.get(worker);
    }

    /** The independent lock servers; empty for a replicated variant (see {@link #failoverGroup()}). */
    public List<RedisServer> lockNodes() {
        return lockNodes;
    }

    /**
     * The lock servers of a replicated variant.
     *
     * @throws IllegalStateException for a variant on independent servers
     */
    FailoverGroup failoverGroup() {
        if (group == null) {
            throw new IllegalStateException(spec.variant().name() + " runs on independent servers, not a replicated"
                    + " group: its scenario cannot use failover faults");
        }
        return group;
    }

    /** Starts the first process of every worker and waits until each is connected. */
    public void startWorkers() throws InterruptedException {
        for (String name : workerNames) {
            workers.put(name, launch(name, 1));
        }
        for (WorkerProcess worker : workers.values()) {
            if (!worker.awaitReady(Timing.scaled(READY_TIMEOUT))) {
                throw new IllegalStateException("worker " + worker.name() + " did not connect; see its stderr in "
                        + dir);
            }
        }
    }

    /** Starts the next process of a worker whose process was killed; does not wait for it to connect. */
    public WorkerProcess restartWorker(String name) {
        WorkerProcess next = launch(name, workers.get(name).config().incarnation() + 1);
        workers.put(name, next);
        return next;
    }

    private WorkerProcess launch(String name, int incarnation) {
        List<String> uris = group != null ? group.uris() : proxies.get(name).stream().map(FaultProxy::uri).toList();
        WorkerConfig config = new WorkerConfig(name, incarnation, spec.variant().name(), uris, resource.uri(),
                DeploymentSpec.LOCK_NAME, spec.threads(), spec.lease().toMillis(), spec.acquireWait().toMillis(),
                spec.commandTimeout().toMillis(), spec.maxPause().toMillis(),
                dir.resolve(name + "." + incarnation + HistoryReader.SUFFIX), spec.broken(),
                spec.seed() + name.hashCode());
        return WorkerProcess.start(config, dir.resolve(name + "." + incarnation + ".stderr"), signals);
    }

    /**
     * Asks every worker to stop and waits for each; a worker still running after {@code timeout} is killed, and
     * the runner's history says so (its last acquire may then show up as a stuck waiter, which is the point).
     */
    public void stopWorkers(Duration timeout) throws InterruptedException {
        for (WorkerProcess worker : workers.values()) {
            if (!worker.stop(timeout)) {
                runnerHistory.log(Event.of(worker.name(), -1, Op.EXIT, Type.INFO)
                        .detail("killed by the runner: it did not stop within " + timeout.toMillis() + " ms").build());
            }
        }
    }

    /** Reads the counter's final value from the resource and logs it. */
    public long logFinalState() {
        Object value = resource.command("HGET", FencedResource.keyOf(DeploymentSpec.LOCK_NAME), "value");
        long finalValue = value == null ? 0 : Long.parseLong(value.toString());
        runnerHistory.log(Event.of("runner", -1, Op.FINAL, Type.OK).read(finalValue).build());
        return finalValue;
    }

    private void destroyWorkers() {
        workers.values().forEach(WorkerProcess::destroy);
    }

    /** Kills whatever still runs and stops every server and proxy. */
    @Override
    public void close() {
        try {
            destroyWorkers();
            try {
                Runtime.getRuntime().removeShutdownHook(killWorkersOnExit);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down; the hook runs anyway and finds nothing left to kill
            }
        } finally {
            proxies.values().forEach(list -> list.forEach(FaultProxy::close));
            lockNodes.forEach(RedisServer::close);
            if (group != null) {
                group.close();
            }
            resource.close();
            signals.close();
            faults.close();
            stalls.close();
            runnerHistory.close();
        }
    }
}
