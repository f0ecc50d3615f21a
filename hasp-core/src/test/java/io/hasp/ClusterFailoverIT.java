package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisCluster;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.ReplicaLag;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Failovers of a 3+3 cluster while locks are held and waited for. One cluster for the class; the manual failover
 * (which leaves every primary a replica) runs first, the primary kill last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFailoverIT {
    private static RedisCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.startWithReplicas();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    private static Hasp connect() {
        return Hasp.builder().cluster(cluster.uris().toArray(String[]::new)).build();
    }

    @Test
    @Order(1)
    void aManualFailoverKeepsTheHeldLockAndEveryWaiterIsServedAfterwards() throws Exception {
        try (Hasp holder = connect(); Hasp a = connect(); Hasp b = connect()) {
            Lease lease = holder.lock("moving").tryAcquire().orElseThrow();
            List<CompletableFuture<Long>> served = FailoverChecks.waiters(List.of(a, b), "moving", 20);
            RedisServer primary = cluster.nodeForKey("hasp:{moving}");
            RedisServer replica = cluster.replicasOf(primary).get(0);

            cluster.failover(replica); // CLUSTER FAILOVER waits until the replica caught up: the key moves along

            assertThat(cluster.nodeForKey("hasp:{moving}")).isSameAs(replica);
            lease.extendAsync(java.time.Duration.ofSeconds(30)).get();
            lease.checkValid();
            assertThat(served).noneMatch(CompletableFuture::isDone);
            assertThat(lease.release()).isTrue();
            FailoverChecks.assertAllServed(served);
        }
    }

    @Test
    @Order(2)
    void aLockLostWithAKilledPrimaryIsReportedAndTheNextHolderGetsALargerFence() throws Exception {
        try (Hasp holder = connect()) {
            RedisServer primary = cluster.nodeForKey("hasp:{killed}");
            ReplicaLag.hold(primary, cluster.replicasOf(primary), "{killed}:ballast");
            Lease lease = holder.lock("killed", FailoverChecks.LONG_WATCHDOG).tryAcquire().orElseThrow();

            RedisServer promoted = cluster.killPrimary(primary);

            assertThat(promoted.command("EXISTS", "hasp:{killed}")).isEqualTo(0L); // the write never reached it
            FailoverChecks.assertLossReportedAndFenceRises(lease, ClusterFailoverIT::connect);
        }
    }
}
