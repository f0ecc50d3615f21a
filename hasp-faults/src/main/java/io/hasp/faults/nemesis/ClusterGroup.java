package io.hasp.faults.nemesis;

import io.hasp.testkit.RedisCluster;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.TestkitException;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A Redis Cluster of 3 primaries with one replica each, as the lock servers of a scenario. The lock's primary is the
 * one serving its slot. Thread-safe: {@link RedisCluster} reads the live topology from the nodes.
 */
final class ClusterGroup implements FailoverGroup {
    private static final Duration ELECTION_TIMEOUT = Duration.ofSeconds(30);

    private final RedisCluster cluster;
    private final int slot;

    private ClusterGroup(RedisCluster cluster, String lockKey) {
        this.cluster = cluster;
        this.slot = cluster.slotOf(lockKey);
    }

    /** Starts the cluster; {@code lockKey} is a key in the lock's slot (its hash tag is the lock's name). */
    static ClusterGroup start(String lockKey) {
        return new ClusterGroup(RedisCluster.startWithReplicas(), lockKey);
    }

    @Override
    public List<String> uris() {
        return cluster.uris();
    }

    @Override
    public RedisServer lockPrimary() {
        return cluster.primaryForSlot(slot);
    }

    @Override
    public List<RedisServer> replicasOf(RedisServer primary) {
        return cluster.replicasOf(primary);
    }

    @Override
    public RedisServer forceFailover() {
        return cluster.failover(cluster.replicasOf(lockPrimary()).get(0));
    }

    @Override
    public boolean forcedFailoverKeepsWrites() {
        return true;
    }

    @Override
    public RedisServer killPrimary(RedisServer primary) {
        return cluster.killPrimary(primary);
    }

    @Override
    public RedisServer awaitReplaced(RedisServer old) {
        RedisServer[] now = new RedisServer[1];
        Timing.await("a replica of " + old + " elected for slot " + slot, ELECTION_TIMEOUT, () -> {
            try {
                now[0] = cluster.primaryForSlot(slot);
                return now[0] != old && cluster.isOk();
            } catch (TestkitException e) {
                return false;
            }
        });
        return now[0];
    }

    @Override
    public boolean movesSlots() {
        return true;
    }

    @Override
    public RedisServer moveLockSlot(Random random) {
        RedisServer owner = lockPrimary();
        List<RedisServer> others = new ArrayList<>(cluster.primaries());
        others.remove(owner);
        RedisServer target = others.get(random.nextInt(others.size()));
        cluster.moveSlot(slot, target);
        return target;
    }

    @Override
    public boolean settled() {
        return cluster.isOk() && cluster.primaries().size() == 3;
    }

    @Override
    public void close() {
        cluster.close();
    }

    @Override
    public String toString() {
        return "cluster, lock slot " + slot;
    }
}
