package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.testkit.RedisCluster;
import io.hasp.testkit.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every lock form on one shared 3+3 Redis Cluster, and the cluster-only checks: routing, listing, bad seeds. */
class ClusterLocksIT extends DeploymentLocksContract {
    private static RedisCluster cluster;
    private static RedisServer store;

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.startWithReplicas();
        store = RedisServer.start();
    }

    @AfterAll
    static void stopCluster() {
        store.close();
        cluster.close();
    }

    @Override
    Hasp connect() {
        return Hasp.builder().cluster(cluster.uris().get(0), cluster.uris().get(4)).build();
    }

    @Override
    RedisServer nodeFor(String key) {
        return cluster.nodeForKey(key);
    }

    @Override
    RedisServer store() {
        return store;
    }

    @Test
    void locksOnEveryPrimaryAreListedAndLiveOnTheirSlotsPrimary() {
        Map<RedisServer, String> namesByPrimary = new HashMap<>();
        for (int i = 0; namesByPrimary.size() < 3; i++) {
            namesByPrimary.putIfAbsent(cluster.nodeForKey("hasp:{spread-" + i + "}"), "spread-" + i);
        }
        try (Hasp hasp = connect()) {
            List<Lease> leases = new ArrayList<>();
            for (String name : namesByPrimary.values()) {
                leases.add(hasp.lock(name).tryAcquire().orElseThrow());
            }
            assertThat(hasp.admin().list(1000)).containsAll(namesByPrimary.values());
            namesByPrimary.forEach((primary, name) -> {
                assertThat(primary.command("EXISTS", "hasp:{" + name + "}")).isEqualTo(1L);
                assertThat(primary.command("EXISTS", "hasp:{" + name + "}:fence")).isEqualTo(1L);
            });
            leases.forEach(Lease::release);
        }
    }

    @Test
    void aSeedThatIsNotInClusterModeIsRefusedAndNothingIsWritten() {
        try (RedisServer standalone = RedisServer.start()) {
            assertThatThrownBy(() -> Hasp.builder().cluster(standalone.uri()).build())
                    .isInstanceOf(HaspException.class).hasMessageContaining("not in cluster mode")
                    .hasMessageContaining("127.0.0.1:" + standalone.port());
            assertThat(standalone.command("DBSIZE")).isEqualTo(0L);
        }
    }

    @Test
    void unreachableSeedsFailAsRedisUnavailable() {
        int closedPort;
        try (RedisServer gone = RedisServer.start()) {
            closedPort = gone.port();
        }
        assertThatThrownBy(() -> Hasp.builder().cluster("redis://127.0.0.1:" + closedPort).build())
                .isInstanceOf(RedisUnavailableException.class).hasMessageContaining("127.0.0.1:" + closedPort);
    }

    @Test
    void clusterSeedsDoNotMixWithOtherDeployments() {
        assertThatThrownBy(() -> Hasp.builder().cluster("redis-sentinel://127.0.0.1:26379#mymaster"))
                .isInstanceOf(HaspArgumentException.class).hasMessageContaining("Sentinel");
        assertThatThrownBy(() -> Hasp.builder().uri("redis://127.0.0.1:1").cluster(cluster.uris().get(0)))
                .isInstanceOf(HaspArgumentException.class).hasMessageContaining("one deployment");
        assertThatThrownBy(() -> Hasp.builder().cluster(cluster.uris().get(0)).uris(cluster.uris().get(1),
                cluster.uris().get(2), cluster.uris().get(3))).isInstanceOf(HaspArgumentException.class)
                .hasMessageContaining("one deployment");
        assertThatThrownBy(() -> Hasp.builder().cluster(cluster.uris().get(0), cluster.uris().get(0)))
                .isInstanceOf(HaspArgumentException.class).hasMessageContaining("twice");
    }

    @Test
    void replicaAcksWaitForTheReplicaOfTheLocksOwnPrimary() throws Exception {
        LockOptions acked = LockOptions.builder().replicaAcks(1, Duration.ofMillis(300)).build();
        RedisServer primary = cluster.nodeForKey("hasp:{acked}");
        RedisServer replica = cluster.replicasOf(primary).get(0);
        try (Hasp hasp = connect()) {
            hasp.lock("acked").tryAcquire().orElseThrow().release(); // the client knows the slot's connection
            replica.pause(); // the other primaries' replicas keep answering: a WAIT sent there would pass
            try {
                assertThatThrownBy(() -> hasp.lock("acked", acked).tryAcquire()).isInstanceOf(HaspException.class)
                        .hasMessageContaining("only 0 of 1 replicas acknowledged");
            } finally {
                replica.resume();
            }
            assertThat(primary.command("EXISTS", "hasp:{acked}")).isEqualTo(0L);
            try (Lease lease = hasp.lock("acked", acked).tryAcquire().orElseThrow()) {
                assertThat(replicaGet(replica, "hasp:{acked}")).isEqualTo(primary.command("GET", "hasp:{acked}"));
                assertThat(lease.isValid()).isTrue();
            }
        }
    }

    /** A read on a replica, which answers only after READONLY on the same connection. */
    private static Object replicaGet(RedisServer replica, String key) {
        try (var client = replica.client()) {
            client.command("READONLY");
            return client.command("GET", key);
        }
    }
}
