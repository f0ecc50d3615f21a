package io.hasp.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Sentinel-watched group on loopback ports: one primary, two replicas, and three Sentinels
 * ({@code redis-server sentinel.conf --sentinel}) that monitor it as {@value #MASTER_NAME} with a quorum of 2.
 * {@link #start()} returns once the replicas' links are up and every Sentinel knows both replicas and both other
 * Sentinels, so a failover can be elected at once.
 *
 * <p>Faults: {@link RedisServer#kill()}, {@link RedisServer#pause()} and {@link RedisServer#restart()} of any
 * {@link #dataNode(int)} or {@link #sentinel(int)}; {@link #failover()} ({@code SENTINEL FAILOVER}) and
 * {@link #killPrimary()} (the Sentinels elect a replica). Both return once every running Sentinel names the new
 * primary and that node says it is one, by polling, never by sleeping. Sentinels consider a node down after
 * {@link #DOWN_AFTER}, so an elected failover completes in a few seconds.
 *
 * <p>{@link #startTls(TlsRedis.PrivateCa)} starts the same group with every process also listening for TLS: the data
 * nodes replicate over TLS and the Sentinels monitor them on their TLS ports, so the Sentinels name TLS addresses,
 * and {@link #uri()} is a {@code rediss-sentinel://} URI of the Sentinels' TLS ports. Plain ports stay open for the
 * testkit's own commands.
 *
 * <p>Thread-safe: the node lists are fixed at start; the current primary is always asked of the Sentinels.
 */
public final class RedisSentinels implements AutoCloseable {
    /** The name the Sentinels monitor the group under. */
    public static final String MASTER_NAME = "mymaster";
    /** {@code down-after-milliseconds}: how long the primary must be silent before the Sentinels act. */
    public static final Duration DOWN_AFTER = Duration.ofMillis(1500);

    private static final Logger LOG = LoggerFactory.getLogger(RedisSentinels.class);
    private static final Duration CONVERGENCE_TIMEOUT = Duration.ofSeconds(30);

    private final List<RedisServer> dataNodes;
    private final List<RedisServer> sentinels;
    /** Each process's TLS port by its plain port; empty for a plain group. */
    private final Map<Integer, Integer> tlsPorts;

    private RedisSentinels(List<RedisServer> dataNodes, List<RedisServer> sentinels, Map<Integer, Integer> tlsPorts) {
        this.dataNodes = List.copyOf(dataNodes);
        this.sentinels = List.copyOf(sentinels);
        this.tlsPorts = Map.copyOf(tlsPorts);
    }

    /**
     * Starts the primary, its two replicas and three Sentinels, and waits until all know each other.
     *
     * @return the running group; close it when done
     * @throws TestkitException if a process does not start or the group does not converge in 30 s (scaled)
     */
    public static RedisSentinels start() {
        return start(null, null);
    }

    /**
     * {@link #start()} with every process also listening for TLS with a certificate {@code ca} signs (see the class
     * note); skips the test when redis-server has no TLS.
     *
     * @param ca the CA that signs the processes' certificate; clients trust it
     * @return the running group; close it when done
     * @throws IOException if the certificate cannot be issued
     * @throws InterruptedException if interrupted while {@code openssl} runs
     * @throws TestkitException if a process does not start or the group does not converge in 30 s (scaled)
     */
    public static RedisSentinels startTls(TlsRedis.PrivateCa ca) throws IOException, InterruptedException {
        return start(ca, ca.issue()); // every process listens on 127.0.0.1, so one certificate serves them all
    }

    private static RedisSentinels start(TlsRedis.PrivateCa ca, Path stem) {
        Map<Integer, Integer> tlsPorts = new HashMap<>();
        List<RedisServer> started = new ArrayList<>();
        try {
            RedisServer primary = startNode(RedisServer.builder(), ca, stem, tlsPorts);
            started.add(primary);
            String primaryPort = Integer.toString(tlsPorts.getOrDefault(primary.port(), primary.port()));
            List<RedisServer> data = new ArrayList<>(List.of(primary));
            for (int i = 0; i < 2; i++) {
                RedisServer replica = startNode(RedisServer.builder()
                        .config("replicaof", RedisServer.HOST, primaryPort), ca, stem, tlsPorts);
                started.add(replica);
                data.add(replica);
            }
            Timing.await("both replicas linked to " + primary, CONVERGENCE_TIMEOUT,
                    () -> data.subList(1, 3).stream().allMatch(RedisCluster::replicaLinkUp));
            List<RedisServer> sentinels = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                RedisServer sentinel = startNode(RedisServer.builder().sentinel(List.of(
                        "sentinel monitor " + MASTER_NAME + " " + RedisServer.HOST + " " + primaryPort + " 2",
                        "sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER.toMillis(),
                        "sentinel failover-timeout " + MASTER_NAME + " 10000")), ca, stem, tlsPorts);
                started.add(sentinel);
                sentinels.add(sentinel);
            }
            RedisSentinels group = new RedisSentinels(data, sentinels, tlsPorts);
            Timing.await("every Sentinel of " + group + " knows 2 replicas and 2 other Sentinels",
                    CONVERGENCE_TIMEOUT, group::fullyKnown);
            LOG.info("Sentinel group ready: {}", group);
            return group;
        } catch (RuntimeException e) {
            RedisNodes.closeAll(started, e);
            if (ca != null && e instanceof TestkitException failure) {
                TlsRedis.skipWithoutTls(failure);
            }
            throw e;
        }
    }

    /** Starts a node, with a TLS listener (and TLS to the nodes it replicates from or watches) when {@code ca} is set. */
    private static RedisServer startNode(RedisServer.Builder builder, TlsRedis.PrivateCa ca, Path stem,
            Map<Integer, Integer> tlsPorts) {
        if (ca == null) {
            return builder.start();
        }
        int tlsPort;
        try {
            tlsPort = TlsRedis.freePort();
        } catch (IOException e) {
            throw new TestkitException("no free port for a TLS listener: " + e.getMessage(), e);
        }
        TlsRedis.listenForTls(builder, ca, stem, tlsPort);
        RedisServer node = builder.config("tls-replication", "yes").start();
        tlsPorts.put(node.port(), tlsPort);
        return node;
    }

    /**
     * {@return Lettuce's URI for the group: {@code redis-sentinel://127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3#mymaster}}
     * With TLS, {@code rediss-sentinel://} and the TLS ports.
     */
    public String uri() {
        return uri(MASTER_NAME);
    }

    /**
     * {@link #uri()} with another master name, e.g. one the Sentinels do not monitor.
     *
     * @param masterName the master name after {@code #}
     * @return the URI
     */
    public String uri(String masterName) {
        return (tlsPorts.isEmpty() ? "redis-sentinel://" : "rediss-sentinel://") + sentinels.stream()
                .map(s -> RedisServer.HOST + ":" + tlsPorts.getOrDefault(s.port(), s.port()))
                .collect(Collectors.joining(",")) + "#" + masterName;
    }

    /** {@return the primary and the two replicas, in start order (node 0 was the primary at start)} */
    public List<RedisServer> dataNodes() {
        return dataNodes;
    }

    /**
     * Data node {@code i} in start order (node 0 was the primary at start).
     *
     * @param i the node's index, 0 to 2
     * @return the node
     * @throws IndexOutOfBoundsException if there is no such node
     */
    public RedisServer dataNode(int i) {
        Objects.checkIndex(i, dataNodes.size());
        return dataNodes.get(i);
    }

    /** {@return the three Sentinels} */
    public List<RedisServer> sentinels() {
        return sentinels;
    }

    /**
     * Sentinel {@code i} in start order.
     *
     * @param i the Sentinel's index, 0 to 2
     * @return the Sentinel
     * @throws IndexOutOfBoundsException if there is no such Sentinel
     */
    public RedisServer sentinel(int i) {
        Objects.checkIndex(i, sentinels.size());
        return sentinels.get(i);
    }

    /** {@return the data node a running Sentinel names as the primary now} */
    public RedisServer primary() {
        RedisServer sentinel = sentinels.stream().filter(s -> s.isRunning() && !s.isPaused()).findFirst()
                .orElseThrow(() -> new TestkitException("no Sentinel of " + this + " is running"));
        return byPort(primaryPort(sentinel));
    }

    /**
     * A forced failover: {@code SENTINEL FAILOVER} on a Sentinel; returns the new primary once every running Sentinel
     * names it and it says it is a primary.
     *
     * @return the new primary
     * @throws TestkitException if no Sentinel is running or the failover does not converge in time
     */
    public RedisServer failover() {
        RedisServer old = primary();
        sentinels.stream().filter(RedisServer::isRunning).findFirst().orElseThrow()
                .command("SENTINEL", "FAILOVER", MASTER_NAME);
        return awaitNewPrimary(old, "SENTINEL FAILOVER away from " + old);
    }

    /**
     * Kills the primary (SIGKILL) and resumes any paused data node (see {@link ReplicaLag}); returns the replica the
     * Sentinels elected, once all running ones name it.
     *
     * @return the new primary
     * @throws TestkitException if no Sentinel is running or no replica takes over in time
     */
    public RedisServer killPrimary() {
        RedisServer old = primary();
        old.kill();
        dataNodes.stream().filter(RedisServer::isPaused).forEach(RedisServer::resume);
        return awaitNewPrimary(old, "a replica elected after killing " + old);
    }

    /** Closes every process; idempotent. */
    @Override
    public void close() {
        RuntimeException failure = new TestkitException("Closing RedisSentinels failed");
        RedisNodes.closeAll(sentinels, failure);
        RedisNodes.closeAll(dataNodes, failure);
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "RedisSentinels[" + uri() + ", data " + dataNodes.stream().map(RedisServer::port).toList() + "]";
    }

    private RedisServer awaitNewPrimary(RedisServer old, String what) {
        RedisServer[] elected = new RedisServer[1];
        Timing.await(what, CONVERGENCE_TIMEOUT, () -> {
            try {
                Integer agreed = null;
                for (RedisServer sentinel : sentinels) {
                    if (!sentinel.isRunning() || sentinel.isPaused()) {
                        continue;
                    }
                    int port = primaryPort(sentinel);
                    if (port == old.port() || (agreed != null && agreed != port)) {
                        return false;
                    }
                    agreed = port;
                }
                RedisServer candidate = byPort(agreed);
                List<?> role = (List<?>) candidate.command("ROLE");
                elected[0] = candidate;
                return "master".equals(role.get(0));
            } catch (TestkitException e) {
                return false; // a node is just changing role; ask again
            }
        });
        LOG.info("{}: {} is primary", what, elected[0]);
        return elected[0];
    }

    private boolean fullyKnown() {
        for (RedisServer sentinel : sentinels) {
            List<?> fields = (List<?>) sentinel.command("SENTINEL", "MASTER", MASTER_NAME);
            if (!"2".equals(field(fields, "num-slaves")) || !"2".equals(field(fields, "num-other-sentinels"))) {
                return false;
            }
        }
        return true;
    }

    private static String field(List<?> flat, String name) {
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            if (name.equals(flat.get(i))) {
                return String.valueOf(flat.get(i + 1));
            }
        }
        return null;
    }

    private static int primaryPort(RedisServer sentinel) {
        List<?> address = (List<?>) sentinel.command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
        return Integer.parseInt((String) address.get(1));
    }

    /**
     * The TLS port of data node or Sentinel {@code node}, in a group from {@link #startTls}.
     *
     * @param node a data node or Sentinel of this group
     * @return its TLS port
     * @throws TestkitException if the node has no TLS port (the group was started without TLS)
     */
    public int tlsPort(RedisServer node) {
        Integer port = tlsPorts.get(node.port());
        if (port == null) {
            throw new TestkitException(node + " of " + this + " has no TLS port");
        }
        return port;
    }

    /** The data node listening on {@code port}, its plain or its TLS one (as the Sentinels name it). */
    private RedisServer byPort(int port) {
        return dataNodes.stream().filter(n -> n.port() == port || tlsPorts.getOrDefault(n.port(), -1) == port)
                .findFirst()
                .orElseThrow(() -> new TestkitException("no data node of " + this + " on port " + port));
    }
}
