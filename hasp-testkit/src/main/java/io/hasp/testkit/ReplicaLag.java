package io.hasp.testkit;

import java.util.List;

/**
 * Makes replicas miss a primary's next writes, for tests of what a failover loses: the replicas are paused (SIGSTOP)
 * and a {@value #BALLAST_MB} MB ballast value is written through a script, whose effect (the whole value) is queued
 * on every replication link. The links' kernel buffers fill up long before it is sent, so any write after this call
 * sits in the primary's own memory behind the ballast: killing the primary then loses it for certain, and a replica
 * resumed afterwards is promoted without it. ({@link RedisCluster#killPrimary} and {@link RedisSentinels#killPrimary}
 * resume paused replicas right after the kill.)
 */
public final class ReplicaLag {
    /** Far more than loopback socket buffers hold, far less than a replica's output buffer limit (256 MB). */
    public static final int BALLAST_MB = 32;

    private static final String BALLAST_SCRIPT =
            "redis.call('SET', KEYS[1], string.rep('x', tonumber(ARGV[1]))) return 1";

    private ReplicaLag() {
    }

    /**
     * Pauses {@code replicas} and queues the ballast behind which later writes of {@code primary} wait.
     * {@code ballastKey} must be a key {@code primary} serves (in a cluster: one in its slots).
     *
     * @param primary the primary whose later writes should reach no replica
     * @param replicas its replicas, paused here; resume them with {@link RedisServer#resume()}
     * @param ballastKey the key the ballast is written to; overwritten
     */
    public static void hold(RedisServer primary, List<RedisServer> replicas, String ballastKey) {
        replicas.forEach(RedisServer::pause);
        primary.command("EVAL", BALLAST_SCRIPT, "1", ballastKey, Integer.toString(BALLAST_MB * 1024 * 1024));
    }
}
