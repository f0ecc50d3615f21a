package io.hasp.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
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

    /** One 3+3 cluster through every fault in turn: each step checks the topology the previous one left. */
    @Test
    void failsOverKillsRestartsAndMovesSlotsWithReplicas() {
        try (RedisCluster cluster = RedisCluster.startWithReplicas()) {
            assertThat(cluster.nodes()).hasSize(6);
            assertThat(cluster.primaries()).containsExactlyInAnyOrderElementsOf(cluster.nodes().subList(0, 3));
            for (int i = 0; i < 3; i++) {
                assertThat(cluster.replicasOf(cluster.node(i))).containsExactly(cluster.node(3 + i));
            }

            String key = "{orders}:lock";
            RedisServer owner = cluster.nodeForKey(key);
            owner.command("SET", key, "v1");
            owner.command("WAIT", "1", "5000");
            RedisServer replica = cluster.replicasOf(owner).get(0);

            // CLUSTER FAILOVER: the replica takes over the slots, with the data, and the old primary follows it.
            assertThat(cluster.failover(replica)).isSameAs(replica);
            assertThat(cluster.nodeForKey(key)).isSameAs(replica);
            assertThat(replica.command("GET", key)).isEqualTo("v1");
            assertThat(cluster.replicasOf(replica)).containsExactly(owner);

            // Killing the primary: its replica (the old primary) is elected; a restart brings the dead node back as
            // a replica of the new primary.
            Timing.await("the old primary has the key again", Duration.ofSeconds(10),
                    () -> "v1".equals(readonlyGet(owner, key)));
            RedisServer elected = cluster.killPrimary(replica);
            assertThat(elected).isSameAs(owner);
            assertThat(cluster.nodeForKey(key)).isSameAs(owner);
            assertThat(owner.command("GET", key)).isEqualTo("v1");
            replica.restart();
            Timing.await("the restarted node replicates " + owner, Duration.ofSeconds(20),
                    () -> cluster.replicasOf(owner).contains(replica) && RedisCluster.replicaLinkUp(replica));
            cluster.awaitOk();

            // Moving the key's slot to another primary takes its keys along; the old owner redirects.
            int slot = cluster.slotOf(key);
            RedisServer target = cluster.primaries().stream().filter(p -> p != owner).findFirst().orElseThrow();
            cluster.moveSlot(slot, target);
            assertThat(cluster.primaryForSlot(slot)).isSameAs(target);
            assertThat(target.command("GET", key)).isEqualTo("v1");
            assertThatThrownBy(() -> owner.command("GET", key))
                    .isInstanceOfSatisfying(RedisReplyException.class, e -> assertThat(e.errorCode()).isEqualTo("MOVED"));

            // A paused node stops answering and answers again after resume.
            target.pause();
            assertThat(target.isPaused()).isTrue();
            target.resume();
            assertThat(target.command("GET", key)).isEqualTo("v1");
        }
    }

    /** A GET on a replica, which answers reads only after READONLY on the same connection. */
    private static String readonlyGet(RedisServer replica, String key) {
        try (RespClient client = replica.client()) {
            client.command("READONLY");
            return (String) client.command("GET", key);
        }
    }
}
