package io.hasp.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Redis Cluster of masters without replicas (3 by default), built through the raw client alone: every node
 * gets its own config epoch and slot range ({@code CLUSTER ADDSLOTS} in batches, which Redis 6.2 supports, unlike
 * {@code ADDSLOTSRANGE}), the first node meets the others, and {@link #start()} returns once every node reports
 * {@code cluster_state:ok}. Node config files live in the nodes' own directories, so a restarted node rejoins.
 *
 * <p>Thread-safe: the node list and slot ranges are fixed at start and each {@link RedisServer} is thread-safe.
 */
public final class RedisCluster implements AutoCloseable {
    /** Redis Cluster has this many hash slots. */
    public static final int SLOTS = 16_384;

    private static final Logger LOG = LoggerFactory.getLogger(RedisCluster.class);
    private static final int ADDSLOTS_BATCH = 1_000;
    private static final Duration CONVERGENCE_TIMEOUT = Duration.ofSeconds(20);

    private final List<RedisServer> nodes;

    private RedisCluster(List<RedisServer> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /** Starts a cluster of 3 masters. */
    public static RedisCluster start() {
        return start(3);
    }

    /**
     * Starts a cluster of {@code masters} masters and waits for {@code cluster_state:ok} on every node.
     *
     * @throws TestkitException if a node does not start or the cluster does not converge in 20 s (scaled)
     */
    public static RedisCluster start(int masters) {
        return start(masters, builder -> { });
    }

    /**
     * Starts a cluster of {@code masters} masters, each from a builder given to {@code options} first (for example to
     * pick a binary), and waits for {@code cluster_state:ok} on every node.
     *
     * @throws TestkitException if a node does not start or the cluster does not converge in 20 s (scaled)
     */
    public static RedisCluster start(int masters, Consumer<RedisServer.Builder> options) {
        if (masters < 1 || masters > 100) {
            throw new IllegalArgumentException("masters must be in 1..100 but was " + masters);
        }
        List<RedisServer> started = new ArrayList<>(masters);
        try {
            for (int i = 0; i < masters; i++) {
                RedisServer.Builder builder = RedisServer.builder();
                options.accept(builder);
                started.add(builder
                        .portPicker(FreePorts::withClusterBus)
                        .config("cluster-enabled", "yes")
                        .config("cluster-config-file", "nodes.conf")
                        .config("cluster-node-timeout", "5000")
                        .start());
            }
            RedisCluster cluster = new RedisCluster(started);
            cluster.form();
            return cluster;
        } catch (RuntimeException e) {
            RedisNodes.closeAll(started, e);
            throw e;
        }
    }

    /** The nodes in start order; node {@code i} owns slot range {@link #firstSlot(int)}..{@link #lastSlot(int)}. */
    public List<RedisServer> nodes() {
        return nodes;
    }

    /** The {@code i}-th node, counting from 0. */
    public RedisServer node(int i) {
        Objects.checkIndex(i, nodes.size());
        return nodes.get(i);
    }

    /** The nodes' {@code redis://127.0.0.1:PORT} URIs in start order; any one of them seeds a cluster client. */
    public List<String> uris() {
        List<String> uris = new ArrayList<>(nodes.size());
        nodes.forEach(node -> uris.add(node.uri()));
        return List.copyOf(uris);
    }

    /** The node that owns {@code key}'s hash slot (asked with {@code CLUSTER KEYSLOT}). */
    public RedisServer nodeForKey(String key) {
        long slot = (Long) nodes.get(0).command("CLUSTER", "KEYSLOT", key);
        return nodeForSlot((int) slot);
    }

    /** The node that owns {@code slot}, by the ranges assigned at start. */
    public RedisServer nodeForSlot(int slot) {
        Objects.checkIndex(slot, SLOTS);
        for (int i = 0; i < nodes.size(); i++) {
            if (slot <= lastSlot(i)) {
                return nodes.get(i);
            }
        }
        throw new AssertionError("slot ranges cover all " + SLOTS + " slots");
    }

    /** The first slot assigned to node {@code i}. */
    public int firstSlot(int i) {
        Objects.checkIndex(i, nodes.size());
        return i * SLOTS / nodes.size();
    }

    /** The last slot assigned to node {@code i}. */
    public int lastSlot(int i) {
        Objects.checkIndex(i, nodes.size());
        return (i + 1) * SLOTS / nodes.size() - 1;
    }

    /** True when every running node reports {@code cluster_state:ok}. */
    public boolean isOk() {
        for (RedisServer node : nodes) {
            try {
                String info = (String) node.command("CLUSTER", "INFO");
                if (!"ok".equals(RedisServer.infoField(info, "cluster_state"))) {
                    return false;
                }
            } catch (TestkitException e) {
                return false;
            }
        }
        return true;
    }

    /** Closes every node; idempotent. */
    @Override
    public void close() {
        RuntimeException failure = new TestkitException("Closing RedisCluster failed");
        RedisNodes.closeAll(nodes, failure);
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "RedisCluster" + uris();
    }

    private void form() {
        for (int i = 0; i < nodes.size(); i++) {
            RedisServer node = nodes.get(i);
            // Distinct epochs up front spare the cluster its collision-resolution rounds, so it converges sooner.
            node.command("CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1));
            addSlots(node, firstSlot(i), lastSlot(i));
        }
        RedisServer first = nodes.get(0);
        for (RedisServer other : nodes.subList(1, nodes.size())) {
            first.command("CLUSTER", "MEET", RedisServer.HOST, Integer.toString(other.port()));
        }
        Timing.await("cluster_state:ok on all nodes of " + this, CONVERGENCE_TIMEOUT, this::isOk);
        LOG.info("Redis Cluster of {} masters is ok: {}", nodes.size(), uris());
    }

    private static void addSlots(RedisServer node, int first, int last) {
        try (RespClient client = node.client()) {
            for (int start = first; start <= last; start += ADDSLOTS_BATCH) {
                int end = Math.min(last, start + ADDSLOTS_BATCH - 1);
                String[] args = new String[2 + end - start + 1];
                args[0] = "CLUSTER";
                args[1] = "ADDSLOTS";
                for (int slot = start; slot <= end; slot++) {
                    args[2 + slot - start] = Integer.toString(slot);
                }
                client.command(args);
            }
        }
    }
}
