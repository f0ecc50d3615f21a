package io.hasp.faults.nemesis;

import io.hasp.testkit.RedisSentinels;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.TestkitException;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * One primary, two replicas and three Sentinels as the lock servers of a scenario. Thread-safe: the current primary
 * is always asked of the Sentinels.
 */
final class SentinelGroup implements FailoverGroup {
    private static final Duration ELECTION_TIMEOUT = Duration.ofSeconds(30);

    private final RedisSentinels sentinels;

    private SentinelGroup(RedisSentinels sentinels) {
        this.sentinels = sentinels;
    }

    static SentinelGroup start() {
        return new SentinelGroup(RedisSentinels.start());
    }

    @Override
    public List<String> uris() {
        return List.of(sentinels.uri());
    }

    @Override
    public RedisServer lockPrimary() {
        return sentinels.primary();
    }

    @Override
    public List<RedisServer> replicasOf(RedisServer primary) {
        return sentinels.dataNodes().stream().filter(node -> node != primary).toList();
    }

    @Override
    public RedisServer forceFailover() {
        return sentinels.failover();
    }

    /** {@code SENTINEL FAILOVER} promotes a replica while the old primary still takes writes until it is demoted. */
    @Override
    public boolean forcedFailoverKeepsWrites() {
        return false;
    }

    @Override
    public RedisServer killPrimary(RedisServer primary) {
        return sentinels.killPrimary();
    }

    @Override
    public RedisServer awaitReplaced(RedisServer old) {
        RedisServer[] now = new RedisServer[1];
        Timing.await("the Sentinels electing a primary in place of " + old, ELECTION_TIMEOUT, () -> {
            try {
                now[0] = sentinels.primary();
                List<?> role = (List<?>) now[0].command("ROLE");
                return now[0] != old && "master".equals(role.get(0));
            } catch (TestkitException e) {
                return false;
            }
        });
        return now[0];
    }

    @Override
    public boolean movesSlots() {
        return false;
    }

    @Override
    public RedisServer moveLockSlot(Random random) {
        throw new UnsupportedOperationException("a Sentinel group has no slots to move");
    }

    /** Every data node other than the primary replicates it with its link up. */
    @Override
    public boolean settled() {
        try {
            RedisServer primary = sentinels.primary();
            for (RedisServer node : replicasOf(primary)) {
                List<?> role = (List<?>) node.command("ROLE");
                if (!"slave".equals(role.get(0)) || Integer.parseInt(role.get(2).toString()) != primary.port()
                        || !"connected".equals(role.get(3))) {
                    return false;
                }
            }
            return true;
        } catch (TestkitException | IllegalStateException e) {
            return false;
        }
    }

    @Override
    public void close() {
        sentinels.close();
    }

    @Override
    public String toString() {
        return "Sentinel group " + sentinels.uri();
    }
}
