package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisCluster;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.ReplicaLag;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Failovers and slot moves of a 3+3 cluster while locks are held, waited for and contended. One cluster for the
 * class; the manual failover and the slot moves (which leave every primary a replica) run first, the primary kill
 * last.
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
            List<CompletableFuture<Long>> served = FailoverChecks.waiters(List.of(a, b), "moving", 50);
            RedisServer primary = cluster.nodeForKey("hasp:{moving}");
            RedisServer replica = cluster.replicasOf(primary).get(0);

            cluster.failover(replica); // CLUSTER FAILOVER waits until the replica caught up: the key moves along

            assertThat(cluster.nodeForKey("hasp:{moving}")).isSameAs(replica);
            lease.extendAsync(Duration.ofSeconds(30)).get();
            lease.checkValid();
            assertThat(served).noneMatch(CompletableFuture::isDone);
            assertThat(lease.release()).isTrue();
            FailoverChecks.assertAllServed(served);
        }
    }

    @Test
    @Order(2)
    void aContendedLockStaysExclusiveWhileItsSlotMovesBackAndForth() throws Exception {
        List<Hasp> clients = List.of(connect(), connect(), connect());
        try (RedisServer store = RedisServer.start()) {
            int slot = cluster.slotOf("hasp:{hot}");
            RedisServer home = cluster.primaryForSlot(slot);
            RedisServer away = cluster.primaries().stream().filter(p -> p != home).findFirst().orElseThrow();
            CompletableFuture<Void> stress = CompletableFuture.runAsync(() -> {
                try {
                    CriticalSectionStress.run(clients, store.uri(), 3, 40, client -> client.lock("hot"));
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
            int movesWhileContended = 0;
            for (int move = 0; move < 4; move++) {
                cluster.moveSlot(slot, move % 2 == 0 ? away : home);
                movesWhileContended += stress.isDone() ? 0 : 1;
            }
            stress.get(); // exact counter and rising fences, checked inside
            assertThat(movesWhileContended).as("slot moves that completed while the stress still ran").isPositive();
        } finally {
            clients.forEach(Hasp::close);
        }
    }

    @Test
    @Order(3)
    void aWaitersPubSubConnectionMovesOffAKilledNodeAndStillHearsTheRelease() throws Exception {
        try (Hasp holder = connect(); Hasp waiter = connect()) {
            // The waiter's client has one pub/sub connection, on a node Lettuce picks: find it with a first wait,
            // then use a lock whose slot lives elsewhere, so killing that node leaves the lock's own primary alone.
            Lease probe = holder.lock("probe").tryAcquire().orElseThrow();
            CompletableFuture<Lease> probing = waiter.lock("probe").acquireAsync(Duration.ofMinutes(1));
            Timing.await("the waiter subscribed", Duration.ofSeconds(10),
                    () -> subscribedNode("hasp:{probe}:wake") != null);
            RedisServer listening = subscribedNode("hasp:{probe}:wake");
            probe.release();
            probing.get(Timing.scaled(Duration.ofSeconds(10)).toMillis(), TimeUnit.MILLISECONDS).release();
            String name = "heard-0";
            for (int i = 1; cluster.nodeForKey("hasp:{" + name + "}") == listening
                    || cluster.replicasOf(cluster.nodeForKey("hasp:{" + name + "}")).contains(listening); i++) {
                name = "heard-" + i;
            }
            String channel = "hasp:{" + name + "}:wake";
            Lease held = holder.lock(name, MessageOnlyOptions.get()).tryAcquire().orElseThrow();
            CompletableFuture<Lease> waiting = waiter.lock(name, MessageOnlyOptions.get())
                    .acquireAsync(Duration.ofMinutes(2));
            Timing.await("the waiter subscribed", Duration.ofSeconds(10), () -> subscribedNode(channel) == listening);

            if (cluster.primaries().contains(listening)) {
                cluster.killPrimary(listening);
            } else {
                listening.kill();
            }
            Timing.await("the waiter subscribed on another node", Duration.ofSeconds(30),
                    () -> subscribedNode(channel) != null);
            assertThat(held.release()).isTrue();
            // Every timed re-check is minutes away: only the release's message can wake the waiter now.
            try (Lease lease = waiting.get(Timing.scaled(Duration.ofSeconds(10)).toMillis(), TimeUnit.MILLISECONDS)) {
                assertThat(lease.fencingToken()).isGreaterThan(held.fencingToken());
            }
        } finally {
            restartKilledNodes(); // back as replicas, so the next test finds every primary with one
        }
    }

    private static void restartKilledNodes() {
        cluster.nodes().stream().filter(node -> !node.isRunning()).forEach(RedisServer::restart);
        Timing.await("every primary has a replica again", Duration.ofSeconds(30),
                () -> cluster.primaries().stream().allMatch(p -> !cluster.replicasOf(p).isEmpty()));
        cluster.awaitOk();
    }

    /** The running node on which a client is subscribed to {@code channel}, or null. */
    private static RedisServer subscribedNode(String channel) {
        for (RedisServer node : cluster.nodes()) {
            if (node.isRunning() && (Long) ((List<?>) node.command("PUBSUB", "NUMSUB", channel)).get(1) > 0) {
                return node;
            }
        }
        return null;
    }

    @Test
    @Order(4)
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
