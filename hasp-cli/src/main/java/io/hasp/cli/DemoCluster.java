package io.hasp.cli;

import io.hasp.demo.CounterService;
import io.hasp.testkit.RedisCluster;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.TestkitException;
import java.util.Locale;

/**
 * What {@code hasp demo --cluster} starts: a Redis Cluster of 3 primaries with one replica each for the lock, and a
 * plain redis-server for the counter (kept out of the cluster, so that killing a primary cannot take the counter's
 * data with it: the demo shows what the lock does across a failover, not what asynchronous replication does to
 * data). {@link #killLockPrimary()} kills the primary that serves the lock's slot and waits for a replica to take
 * over. Thread-safe: a kill may run on its own thread while the main thread reads the URIs; closing twice is harmless.
 */
final class DemoCluster implements AutoCloseable {
    /** The lock's key as Hasp lays it out ({@code hasp:{name}}): its hash tag decides the slot. */
    private static final String LOCK_KEY = "hasp:{" + CounterService.LOCK_NAME + "}";

    private final RedisCluster cluster;
    private final RedisServer store;

    private DemoCluster(RedisCluster cluster, RedisServer store) {
        this.cluster = cluster;
        this.store = store;
    }

    /** Starts the cluster and the counter's server. */
    static DemoCluster start() {
        RedisCluster cluster = null;
        try {
            cluster = RedisCluster.startWithReplicas();
            return new DemoCluster(cluster, RedisServer.start());
        } catch (TestkitException e) {
            if (cluster != null) {
                cluster.close();
            }
            throw new CliException("--cluster: the Redis Cluster could not be started: " + e.getMessage(), e);
        }
    }

    /** The seed nodes the instances connect to, comma-separated. */
    String seeds() {
        return String.join(",", cluster.uris());
    }

    String storeUri() {
        return store.uri();
    }

    /** One line for people: what was started. */
    String description() {
        return "Redis Cluster of 3 primaries and 3 replicas (redis-server " + store.version() + ", ports "
                + cluster.nodes().stream().map(n -> Integer.toString(n.port())).toList() + "), counter on its own"
                + " redis-server " + store.uri() + "; all stopped on exit";
    }

    /** What {@link #killLockPrimary()} did. */
    record Kill(String killed, int slot, String promoted, long killedAtNanos, long promotedAtNanos) {
        String describe(long runStartedNanos) {
            return String.format(Locale.ROOT, "killed primary %s (serving slot %d, where the lock '%s' lives) %.1f s"
                    + " into the run; its replica %s took over %.1f s later", killed, slot, CounterService.LOCK_NAME,
                    (killedAtNanos - runStartedNanos) / 1e9, promoted, (promotedAtNanos - killedAtNanos) / 1e9);
        }
    }

    /** Kills (SIGKILL) the primary serving the lock's slot and returns once a replica was elected in its place. */
    Kill killLockPrimary() {
        int slot = cluster.slotOf(LOCK_KEY);
        RedisServer primary = cluster.primaryForSlot(slot);
        long killedAt = System.nanoTime();
        RedisServer promoted = cluster.killPrimary(primary);
        return new Kill(address(primary), slot, address(promoted), killedAt, System.nanoTime());
    }

    private static String address(RedisServer node) {
        return RedisServer.HOST + ":" + node.port();
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } finally {
            store.close();
        }
    }
}
