package io.hasp.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisClusterIT {

    @Test
    void reachesClusterStateOkAndServesKeysOnTheOwningNode() {
        try (RedisCluster cluster = RedisCluster.start()) {
            assertThat(cluster.nodes()).hasSize(3);
            assertThat(cluster.isOk()).isTrue();
            for (RedisServer node : cluster.nodes()) {
                String info = (String) node.command("CLUSTER", "INFO");
                assertThat(info).contains("cluster_state:ok", "cluster_known_nodes:3", "cluster_slots_assigned:16384");
            }

            RedisServer owner = cluster.nodeForKey("lock:orders");
            assertThat(owner.command("SET", "lock:orders", "token")).isEqualTo("OK");
            assertThat(owner.command("GET", "lock:orders")).isEqualTo("token");

            RedisServer other = cluster.nodes().stream().filter(n -> n != owner).findFirst().orElseThrow();
            assertThatThrownBy(() -> other.command("GET", "lock:orders"))
                    .isInstanceOfSatisfying(RedisReplyException.class, e -> assertThat(e.errorCode()).isEqualTo("MOVED"));
        }
    }
}
