package io.hasp.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisSentinelsIT {

    /** One group through every fault in turn: each step checks the topology the previous one left. */
    @Test
    void failsOverOnCommandAndOnAKilledPrimaryAndTakesTheOldPrimaryBack() {
        try (RedisSentinels group = RedisSentinels.start()) {
            RedisServer first = group.dataNode(0);
            assertThat(group.primary()).isSameAs(first);
            assertThat(group.uri()).startsWith("redis-sentinel://127.0.0.1:").endsWith("#mymaster");
            first.command("SET", "k", "v1");
            first.command("WAIT", "2", "5000");

            RedisServer second = group.failover();
            assertThat(second).isNotSameAs(first).isIn(group.dataNodes());
            assertThat(((List<?>) second.command("ROLE")).get(0)).isEqualTo("master");
            assertThat(second.command("GET", "k")).isEqualTo("v1");
            Timing.await("the old primary replicates " + second, Duration.ofSeconds(20), () -> isReplicaOf(first, second));

            second.command("SET", "k", "v2");
            second.command("WAIT", "2", "5000");
            RedisServer third = group.killPrimary();
            assertThat(third).isNotSameAs(second).isIn(group.dataNodes());
            assertThat(third.command("GET", "k")).isEqualTo("v2");

            second.restart();
            Timing.await("the restarted old primary replicates " + third, Duration.ofSeconds(20),
                    () -> isReplicaOf(second, third));
            assertThat(group.primary()).isSameAs(third);

            group.sentinel(0).kill();
            assertThat(group.primary()).isSameAs(third); // the other two still answer
            group.sentinel(0).restart();
            assertThat(group.primary()).isSameAs(third);
        }
    }

    private static boolean isReplicaOf(RedisServer replica, RedisServer primary) {
        String info;
        try {
            info = (String) replica.command("INFO", "replication");
        } catch (TestkitException e) {
            return false; // Sentinel drops a node's clients when it reconfigures it; ask again
        }
        return "slave".equals(RedisServer.infoField(info, "role"))
                && Integer.toString(primary.port()).equals(RedisServer.infoField(info, "master_port"))
                && "up".equals(RedisServer.infoField(info, "master_link_status"));
    }
}
