package io.hasp.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Redis Cluster on loopback ports, built through the raw client alone: every primary gets its own config epoch
 * and slot range ({@code CLUSTER ADDSLOTS} in batches, which Redis 6.2 supports, unlike {@code ADDSLOTSRANGE}), the
 * first node meets the others, each replica is attached to its primary with {@code CLUSTER REPLICATE}, and
 * {@link #start} returns once every node reports {@code cluster_state:ok}, every replica's link is up and every node
 * knows whom each replica follows. Node config files live in the nodes' own directories, so a restarted node rejoins
 * with its old identity.
 *
 * <p>Faults: {@link RedisServer#kill()}, {@link RedisServer#pause()} and {@link RedisServer#restart()} of any
 * {@link #node(int)}; {@link #failover(RedisServer)} ({@code CLUSTER FAILOVER} on a replica);
 * {@link #killPrimary(RedisServer)} (a replica is elected); {@link #moveSlot(int, RedisServer)}. Each returns once the
 * new topology is what every running node sees, by polling the nodes, never by sleeping. The node timeout is 2 s, so an
 * elected failover completes in a few seconds.
 *
 * <p>Thread-safe: the node list is fixed at start, each {@link RedisServer} is thread-safe, and the live topology is
 * always read from the nodes themselves.
 */
public final class RedisCluster implements AutoCloseable {
    /** Redis Cluster has this many hash slots. */
    public static final int SLOTS = 16_384;
    /** {@code cluster-node-timeout}: how long a node must be unreachable before a replica may take over. */
    public static final Duration NODE_TIMEOUT = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(RedisCluster.class);
    private static final int ADDSLOTS_BATCH = 1_000;
    private static final int MIGRATE_BATCH = 100;
    private static final Duration CONVERGENCE_TIMEOUT = Duration.ofSeconds(30);
    /** How long to wait for one {@code CLUSTER FAILOVER} before asking again (Redis gives one 5 s). */
    private static final Duration MANUAL_FAILOVER_ATTEMPT = Duration.ofSeconds(10);

    private final List<RedisServer> nodes;
    private final int primaries;

    private RedisCluster(List<RedisServer> nodes, int primaries) {
        this.nodes = List.copyOf(nodes);
        this.primaries = primaries;
    }

    /**
     * Starts a cluster of 3 primaries without replicas.
     *
     * @return the running cluster, with every slot served; close it when done
     * @throws TestkitException if a node does not start or the cluster does not converge in 30 s (scaled)
     */
    public static RedisCluster start() {
        return start(3);
    }

    /**
     * Starts a cluster of {@code primaries} primaries without replicas.
     *
     * @param primaries how many primaries, 1 to 100; the slots are split evenly among them
     * @return the running cluster, with every slot served; close it when done
     * @throws IllegalArgumentException if {@code primaries} is outside 1..100
     * @throws TestkitException if a node does not start or the cluster does not converge in 30 s (scaled)
     */
    public static RedisCluster start(int primaries) {
        return start(primaries, builder -> { });
    }

    /**
     * Starts {@code primaries} primaries without replicas, each from a builder given to {@code options} first.
     *
     * @param primaries how many primaries, 1 to 100
     * @param options called with each node's builder before the cluster settings are added, e.g. to pick a binary
     * @return the running cluster, with every slot served; close it when done
     * @throws IllegalArgumentException if {@code primaries} is outside 1..100
     * @throws TestkitException if a node does not start or the cluster does not converge in 30 s (scaled)
     */
    public static RedisCluster start(int primaries, Consumer<RedisServer.Builder> options) {
        return start(primaries, 0, options);
    }

    /**
     * Starts 3 primaries with one replica each.
     *
     * @return the running cluster, with every slot served and every replica linked; close it when done
     * @throws TestkitException if a node does not start or the cluster does not converge in 30 s (scaled)
     */
    public static RedisCluster startWithReplicas() {
        return start(3, 1, builder -> { });
    }

    /**
     * Starts {@code primaries} primaries (nodes {@code 0..primaries-1}) and {@code replicasPerPrimary} replicas of each
     * (node {@code primaries + k * primaries + i} replicates primary {@code i}), each node from a builder given to
     * {@code options} first (for example to pick a binary); waits for {@code cluster_state:ok} and every replica link.
     *
     * @param primaries how many primaries, 1 to 100
     * @param replicasPerPrimary how many replicas each primary has, 0 to 5
     * @param options called with each node's builder before the cluster settings are added
     * @return the running cluster; close it when done
     * @throws IllegalArgumentException if {@code primaries} or {@code replicasPerPrimary} is out of range
     * @throws TestkitException if a node does not start or the cluster does not converge in 30 s (scaled)
     */
    public static RedisCluster start(int primaries, int replicasPerPrimary, Consumer<RedisServer.Builder> options) {
        if (primaries < 1 || primaries > 100) {
            throw new IllegalArgumentException("primaries must be in 1..100 but was " + primaries);
        }
        if (replicasPerPrimary < 0 || replicasPerPrimary > 5) {
            throw new IllegalArgumentException("replicasPerPrimary must be in 0..5 but was " + replicasPerPrimary);
        }
        int total = primaries * (1 + replicasPerPrimary);
        List<RedisServer> started = new ArrayList<>(total);
        try {
            for (int i = 0; i < total; i++) {
                RedisServer.Builder builder = RedisServer.builder();
                options.accept(builder);
                started.add(builder
                        .portPicker(FreePorts::withClusterBus)
                        .config("cluster-enabled", "yes")
                        .config("cluster-config-file", "nodes.conf")
                        .config("cluster-node-timeout", Long.toString(NODE_TIMEOUT.toMillis()))
                        // A replica may take over however long it was cut off: tests kill primaries on purpose.
                        .config("cluster-replica-validity-factor", "0")
                        .start());
            }
            RedisCluster cluster = new RedisCluster(started, primaries);
            cluster.form();
            return cluster;
        } catch (RuntimeException e) {
            RedisNodes.closeAll(started, e);
            throw e;
        }
    }

    /** {@return all nodes in start order: the primaries at start first, then their replicas} */
    public List<RedisServer> nodes() {
        return nodes;
    }

    /**
     * The {@code i}-th node in start order.
     *
     * @param i the node's index, from 0
     * @return the node
     * @throws IndexOutOfBoundsException if there is no such node
     */
    public RedisServer node(int i) {
        Objects.checkIndex(i, nodes.size());
        return nodes.get(i);
    }

    /**
     * {@return the nodes' {@code redis://127.0.0.1:PORT} URIs in start order; any one of them seeds a cluster client}
     */
    public List<String> uris() {
        List<String> uris = new ArrayList<>(nodes.size());
        nodes.forEach(node -> uris.add(node.uri()));
        return List.copyOf(uris);
    }

    /**
     * The node that owns {@code key}'s slot now (see {@link #primaryForSlot(int)}).
     *
     * @param key a key, with or without a hash tag
     * @return the primary serving the key's slot
     * @throws TestkitException if no healthy primary serves it
     */
    public RedisServer nodeForKey(String key) {
        return primaryForSlot(slotOf(key));
    }

    /**
     * {@code key}'s hash slot, asked with {@code CLUSTER KEYSLOT}.
     *
     * @param key a key, with or without a hash tag
     * @return the slot, 0 to 16383
     */
    public int slotOf(String key) {
        return (int) (long) (Long) anyRunning().command("CLUSTER", "KEYSLOT", key);
    }

    /**
     * The primary that serves {@code slot} now, as a running node sees it.
     *
     * @param slot the slot, 0 to 16383
     * @return the primary serving it
     * @throws IndexOutOfBoundsException if {@code slot} is outside 0..16383
     * @throws TestkitException if no healthy primary serves it
     */
    public RedisServer primaryForSlot(int slot) {
        Objects.checkIndex(slot, SLOTS);
        ClusterNodesView.Entry owner = view(anyRunning()).primaryFor(slot)
                .orElseThrow(() -> new TestkitException("no healthy primary serves slot " + slot));
        return byPort(owner.port());
    }

    /** {@return the nodes that are primaries serving slots now (failed ones excluded), as a running node sees it} */
    public List<RedisServer> primaries() {
        return view(anyRunning()).entries().stream().filter(e -> e.primary() && !e.failed()
                && !e.slotRanges().isEmpty()).map(e -> byPort(e.port())).toList();
    }

    /**
     * The nodes that replicate {@code primary} now, as a running node sees it.
     *
     * @param primary a node of this cluster
     * @return its replicas, possibly none
     */
    public List<RedisServer> replicasOf(RedisServer primary) {
        ClusterNodesView view = view(anyRunning());
        String id = view.byPort(primary.port()).orElseThrow().id();
        return view.entries().stream().filter(e -> id.equals(e.primaryId())).map(e -> byPort(e.port())).toList();
    }

    /**
     * The replicas of {@code primary}, once at least one is seen as its replica by every running node (a node
     * restarted by an earlier fault rejoins as a replica some time after it runs again, and says so of itself before
     * the others have heard from it: paused then, it would never be heard, and a kill of {@code primary} would find
     * no replica to elect).
     *
     * @param primary a node of this cluster
     * @return its replicas that every running node sees as such; at least one
     * @throws TestkitException if none is seen within the convergence timeout
     */
    public List<RedisServer> awaitReplicasOf(RedisServer primary) {
        List<List<RedisServer>> seen = new ArrayList<>(List.of(List.of()));
        try {
            Timing.await("a replica of " + primary + " seen by every running node", CONVERGENCE_TIMEOUT, () -> {
                seen.set(0, replicasSeenByAll(primary));
                return !seen.get(0).isEmpty();
            });
        } catch (TestkitException e) {
            throw new TestkitException(primary + " has no replica to take over", e);
        }
        return seen.get(0);
    }

    /**
     * The first slot assigned at start to primary {@code i}.
     *
     * @param i the primary's index in start order, from 0
     * @return its first slot
     * @throws IndexOutOfBoundsException if there is no such primary
     */
    public int firstSlot(int i) {
        Objects.checkIndex(i, primaries);
        return i * SLOTS / primaries;
    }

    /**
     * The last slot assigned at start to primary {@code i}.
     *
     * @param i the primary's index in start order, from 0
     * @return its last slot
     * @throws IndexOutOfBoundsException if there is no such primary
     */
    public int lastSlot(int i) {
        Objects.checkIndex(i, primaries);
        return (i + 1) * SLOTS / primaries - 1;
    }

    /** {@return true when every running node reports {@code cluster_state:ok}} */
    public boolean isOk() {
        for (RedisServer node : reachable()) {
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

    /**
     * A manual failover: {@code CLUSTER FAILOVER} on {@code replica}, which takes over its primary's slots once it has
     * caught up; asked again every 10 s (scaled) until it happened, since Redis silently drops one that did not finish
     * within 5 s; returns when every running node sees it as a primary and the cluster is ok.
     *
     * @param replica a replica of this cluster
     * @return {@code replica}, now a primary
     * @throws TestkitException if the failover does not happen within the convergence timeout
     */
    public RedisServer failover(RedisServer replica) {
        ClusterNodesView before = view(replica);
        String oldPrimaryId = before.byPort(replica.port()).orElseThrow().primaryId();
        RedisServer oldPrimary = before.entries().stream().filter(e -> e.id().equals(oldPrimaryId))
                .map(e -> byPort(e.port())).findFirst().orElseThrow();
        String what = "CLUSTER FAILOVER to " + replica + ", " + oldPrimary + " its replica in every view";
        long deadline = System.nanoTime() + Timing.scaled(CONVERGENCE_TIMEOUT).toNanos();
        replica.command("CLUSTER", "FAILOVER");
        while (true) {
            try {
                Timing.await(what, MANUAL_FAILOVER_ATTEMPT,
                        () -> seenAsPrimaryByAll(replica) && seenAsReplicaByAll(oldPrimary));
                break;
            } catch (TestkitException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
            }
            // Redis drops a manual failover that did not finish within 5 s (a loaded host misses that): ask again.
            try {
                replica.command("CLUSTER", "FAILOVER");
            } catch (RedisReplyException e) {
                // it became primary meanwhile: the next wait sees it
            }
        }
        LOG.info("CLUSTER FAILOVER to {}: done", replica);
        return replica;
    }

    /**
     * Kills {@code primary} (SIGKILL), resumes any of its replicas that are paused (see {@link ReplicaLag}), and
     * waits until one of its replicas was elected in its place and every running node sees that; returns the new
     * primary.
     *
     * @param primary a primary of this cluster with at least one replica
     * @return the replica elected in its place
     * @throws TestkitException if {@code primary} has no replica or none takes over in time
     */
    public RedisServer killPrimary(RedisServer primary) {
        List<RedisServer> replicas = awaitReplicasOf(primary);
        primary.kill();
        replicas.stream().filter(RedisServer::isPaused).forEach(RedisServer::resume); // see ReplicaLag
        RedisServer[] elected = new RedisServer[1];
        Timing.await("a replica of " + primary + " elected in its place", CONVERGENCE_TIMEOUT, () -> {
            for (RedisServer replica : replicas) {
                if (seenAsPrimaryByAll(replica)) {
                    elected[0] = replica;
                    return true;
                }
            }
            return false;
        });
        LOG.info("{} was killed; {} is primary in its place", primary, elected[0]);
        return elected[0];
    }

    /**
     * Moves {@code slot} and its keys to {@code target}, as {@code redis-cli --cluster reshard} does: IMPORTING on the
     * target, MIGRATING on the owner, {@code MIGRATE} of the keys in batches, then {@code SETSLOT NODE} on every
     * primary. Returns when every running node sees {@code target} serve the slot.
     *
     * @param slot the slot to move, 0 to 16383
     * @param target the primary to move it to; nothing happens if it serves the slot already
     * @throws TestkitException if the move does not converge in time
     */
    public void moveSlot(int slot, RedisServer target) {
        RedisServer source = primaryForSlot(slot);
        if (source == target) {
            return;
        }
        String slotText = Integer.toString(slot);
        String targetId = nodeId(target);
        target.command("CLUSTER", "SETSLOT", slotText, "IMPORTING", nodeId(source));
        source.command("CLUSTER", "SETSLOT", slotText, "MIGRATING", targetId);
        while (true) {
            List<?> keys = (List<?>) source.command("CLUSTER", "GETKEYSINSLOT", slotText,
                    Integer.toString(MIGRATE_BATCH));
            if (keys.isEmpty()) {
                break;
            }
            List<String> migrate = new ArrayList<>(List.of("MIGRATE", RedisServer.HOST,
                    Integer.toString(target.port()), "", "0", "5000", "KEYS"));
            keys.forEach(key -> migrate.add((String) key));
            source.command(migrate.toArray(String[]::new));
        }
        target.command("CLUSTER", "SETSLOT", slotText, "NODE", targetId);
        source.command("CLUSTER", "SETSLOT", slotText, "NODE", targetId);
        for (RedisServer primary : primaries()) {
            if (primary != source && primary != target) {
                primary.command("CLUSTER", "SETSLOT", slotText, "NODE", targetId);
            }
        }
        Timing.await("slot " + slot + " served by " + target + " in every view", CONVERGENCE_TIMEOUT, () -> {
            for (RedisServer node : reachable()) {
                if (view(node).primaryFor(slot).map(e -> e.port() != target.port()).orElse(true)) {
                    return false;
                }
            }
            return true;
        });
        LOG.info("slot {} moved from {} to {}", slot, source, target);
    }

    /** Waits until the cluster is ok on every running node again, e.g. after a restart. */
    public void awaitOk() {
        Timing.await("cluster_state:ok on all running nodes of " + this, CONVERGENCE_TIMEOUT, this::isOk);
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
        for (int i = 0; i < primaries; i++) {
            RedisServer node = nodes.get(i);
            // Distinct epochs up front spare the cluster its collision-resolution rounds, so it converges sooner.
            node.command("CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1));
            addSlots(node, firstSlot(i), lastSlot(i));
        }
        RedisServer first = nodes.get(0);
        for (RedisServer other : nodes.subList(1, nodes.size())) {
            first.command("CLUSTER", "MEET", RedisServer.HOST, Integer.toString(other.port()));
        }
        if (nodes.size() > primaries) {
            Timing.await("every node of " + this + " knows every other", CONVERGENCE_TIMEOUT,
                    () -> nodes.stream().allMatch(node -> view(node).entries().size() == nodes.size()));
            for (int i = primaries; i < nodes.size(); i++) {
                nodes.get(i).command("CLUSTER", "REPLICATE", nodeId(nodes.get(i % primaries)));
            }
            Timing.await("every replica of " + this + " linked to its primary", CONVERGENCE_TIMEOUT,
                    () -> nodes.subList(primaries, nodes.size()).stream().allMatch(RedisCluster::replicaLinkUp));
            // A link comes up as soon as the full sync ends, which can be before gossip has told every other node
            // whom the replica follows: wait for that too, so replicasOf(...) is right from the start.
            Timing.await("every node of " + this + " sees every replica of its primary", CONVERGENCE_TIMEOUT,
                    () -> nodes.subList(0, primaries).stream().allMatch(primary ->
                            replicasSeenByAll(primary).size() == nodes.size() / primaries - 1));
        }
        awaitOk();
        LOG.info("Redis Cluster of {} primaries and {} replicas is ok: {}", primaries, nodes.size() - primaries,
                uris());
    }

    /** Whether every running node sees {@code node} as a replica. */
    private boolean seenAsReplicaByAll(RedisServer node) {
        try {
            return reachable().stream().allMatch(running -> view(running).byPort(node.port())
                    .map(entry -> !entry.primary()).orElse(false));
        } catch (TestkitException e) {
            return false;
        }
    }

    /** The nodes every running node sees as replicas of {@code primary} (failed or not); empty while they differ. */
    private List<RedisServer> replicasSeenByAll(RedisServer primary) {
        try {
            String id = nodeId(primary);
            List<Integer> agreed = null;
            for (RedisServer running : reachable()) {
                List<Integer> ports = view(running).entries().stream().filter(e -> id.equals(e.primaryId()))
                        .map(ClusterNodesView.Entry::port).toList();
                agreed = agreed == null ? new ArrayList<>(ports) : agreed;
                agreed.retainAll(ports);
            }
            return agreed == null ? List.of() : agreed.stream().map(this::byPort).toList();
        } catch (TestkitException e) {
            return List.of(); // a node is just going down or coming up; ask again
        }
    }

    /** Whether {@code node} says it is a primary, every running node agrees, and the cluster is ok. */
    private boolean seenAsPrimaryByAll(RedisServer node) {
        try {
            for (RedisServer running : reachable()) {
                ClusterNodesView.Entry entry = view(running).byPort(node.port()).orElse(null);
                if (entry == null || !entry.primary() || entry.failed() || entry.slotRanges().isEmpty()) {
                    return false;
                }
            }
            return isOk();
        } catch (TestkitException e) {
            return false; // a node is just going down or coming up; ask again
        }
    }

    /** Whether {@code replica}'s link to its primary is up (INFO replication). */
    static boolean replicaLinkUp(RedisServer replica) {
        String info = (String) replica.command("INFO", "replication");
        return "up".equals(RedisServer.infoField(info, "master_link_status"));
    }

    private static ClusterNodesView view(RedisServer node) {
        return ClusterNodesView.parse((String) node.command("CLUSTER", "NODES"));
    }

    private static String nodeId(RedisServer node) {
        return (String) node.command("CLUSTER", "MYID");
    }

    private List<RedisServer> reachable() {
        return nodes.stream().filter(n -> n.isRunning() && !n.isPaused()).toList();
    }

    private RedisServer anyRunning() {
        return reachable().stream().findFirst()
                .orElseThrow(() -> new TestkitException("no node of " + this + " is running"));
    }

    private RedisServer byPort(int port) {
        return nodes.stream().filter(n -> n.port() == port).findFirst()
                .orElseThrow(() -> new TestkitException("no node of " + this + " on port " + port));
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
