package io.hasp.faults.nemesis;

import io.hasp.testkit.RedisServer;
import io.hasp.testkit.TestkitException;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.slf4j.LoggerFactory;

/**
 * The lock servers of a replicated scenario, a Redis Cluster or a Sentinel group, seen from the nemeses: which node
 * is the lock's primary now, and the faults that replace it. Each fault returns once the new topology is settled, and
 * {@link #rejoin} brings the replaced node back as a replica, so every fault starts from a whole group. Implementations
 * are thread-safe; the nemeses claim {@link #TARGET} so that only one acts on the group at a time.
 */
interface FailoverGroup extends AutoCloseable {
    /** The target name every nemesis acting on the group claims in {@link Targets}. */
    String TARGET = "lock-primary";
    /** How long a replaced node may take to come back as a linked replica; scaled by the timing factor. */
    Duration REJOIN_TIMEOUT = Duration.ofSeconds(30);

    /** What the workers connect to: every cluster node as a seed, or the one Sentinel URI. */
    List<String> uris();

    /** The primary serving the lock now. */
    RedisServer lockPrimary();

    /** The replicas of {@code primary} now. */
    List<RedisServer> replicasOf(RedisServer primary);

    /** A forced failover away from the lock's primary; returns the new primary. */
    RedisServer forceFailover();

    /** Whether {@link #forceFailover()} waits for the replica to catch up first (Redis Cluster's does). */
    boolean forcedFailoverKeepsWrites();

    /** SIGKILL of {@code primary}; returns the replica elected in its place, once everyone agrees. */
    RedisServer killPrimary(RedisServer primary);

    /** Waits until a node other than {@code old} serves the lock as primary (old is paused or dead meanwhile). */
    RedisServer awaitReplaced(RedisServer old);

    /** Whether {@link #moveLockSlot} is possible (Redis Cluster only). */
    boolean movesSlots();

    /** Moves the lock's slot to another primary picked with {@code random}; returns it. */
    RedisServer moveLockSlot(Random random);

    /**
     * Brings a replaced node back (restart if killed, SIGCONT if paused) and waits until it replicates the current
     * primary of its group with its link up. A node that does not get there in time (a woken primary on a host so
     * loaded that it missed its demotion) is crash-restarted once: it then rejoins as a killed one does.
     */
    default void rejoin(RedisServer old) {
        if (old.isPaused()) {
            old.resume();
        }
        if (!old.isRunning()) {
            old.restart();
        }
        String what = old + " back as a linked replica";
        try {
            Timing.await(what, REJOIN_TIMEOUT, () -> isLinkedReplica(old) && settled());
        } catch (TestkitException e) {
            LoggerFactory.getLogger(FailoverGroup.class).warn("{}: {}; restarting it", old, e.getMessage());
            old.kill();
            old.restart();
            Timing.await(what + " after a restart", REJOIN_TIMEOUT, () -> isLinkedReplica(old) && settled());
        }
    }

    /** Whether the group is whole again after a fault (every shard served; Sentinels agreeing). */
    boolean settled();

    @Override
    void close();

    /** Whether {@code node} says it is a replica whose link to its primary is up ({@code ROLE}). */
    static boolean isLinkedReplica(RedisServer node) {
        try {
            List<?> role = (List<?>) node.command("ROLE");
            return "slave".equals(role.get(0)) && "connected".equals(role.get(3));
        } catch (TestkitException e) {
            return false; // just restarting or changing role; ask again
        }
    }
}
