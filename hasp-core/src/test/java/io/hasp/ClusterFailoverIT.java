package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisCluster;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.ReplicaLag;
import io.hasp.testkit.RequiresRedis;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Failovers and slot moves of a 3+3 cluster while locks are held, waited for and contended, and a waiter's sharded
 * subscription following its lock's slot through each. One cluster for the class; the manual failovers and the slot
 * moves (which leave every primary a replica) run first, the primary kills last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFailoverIT {
    /** A fixed two-minute lease: no renewal runs while the slot moves. */
    private static final LockOptions FIXED_LEASE = LockOptions.builder().leaseTime(Duration.ofMinutes(2)).build();
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
            RedisServer replica = cluster.awaitReplicasOf(primary).get(0);

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
    @RequiresRedis(minVersion = "7.0")
    void aWaitersShardedSubscriptionFollowsASlotMoveAndHearsTheRelease() throws Exception {
        assertWaiterHearsTheReleaseAfter("slot-moved", FIXED_LEASE, primary -> {
            RedisServer away = cluster.primaries().stream().filter(p -> p != primary).findFirst().orElseThrow();
            cluster.moveSlot(cluster.slotOf("hasp:{slot-moved}"), away);
            return away;
        });
    }

    @Test
    @Order(4)
    @RequiresRedis(minVersion = "7.0")
    void aWaitersShardedSubscriptionFollowsAManualFailoverAndHearsTheRelease() throws Exception {
        assertWaiterHearsTheReleaseAfter("failed-over", FIXED_LEASE,
                primary -> cluster.failover(cluster.awaitReplicasOf(primary).get(0)));
    }

    @Test
    @Order(5)
    @RequiresRedis(minVersion = "7.0")
    void aWaitersShardedSubscriptionFollowsAKilledPrimarysReplicaAndHearsTheRelease() throws Exception {
        try {
            // The grant waits for the replica, so the promoted replica holds the lock the holder releases.
            assertWaiterHearsTheReleaseAfter("killed-owner", LockOptions.builder().leaseTime(Duration.ofMinutes(2))
                    .replicaAcks(1, Duration.ofSeconds(1)).build(), cluster::killPrimary);
        } finally {
            restartKilledNodes(); // back as replicas, so the next test finds every primary with one
        }
    }

    /**
     * A waiter that only a message can move (every timed re-check is minutes away) listens at the primary of its
     * lock's slot; {@code fault} gives that slot another primary (and returns it); the waiter's subscription follows
     * it there, and the holder's release, published in the new owner's shard, wakes it.
     */
    private static void assertWaiterHearsTheReleaseAfter(String name, LockOptions holding,
            UnaryOperator<RedisServer> fault) throws Exception {
        String channel = "hasp:{" + name + "}:wake";
        try (Hasp holder = connect(); Hasp waiter = connect()) {
            Lease held = holder.lock(name, holding).tryAcquire().orElseThrow();
            CompletableFuture<Lease> waiting = waiter.lock(name, MessageOnlyOptions.get())
                    .acquireAsync(Duration.ofMinutes(2));
            RedisServer before = cluster.nodeForKey(channel);
            Timing.await("the waiter subscribed at " + before, Duration.ofSeconds(10),
                    () -> PubSubCounts.sharded(before, channel) == 1);

            RedisServer after = fault.apply(before);

            Timing.await("the waiter subscribed at " + after, Duration.ofSeconds(30),
                    () -> PubSubCounts.sharded(after, channel) == 1);
            if (before.isRunning()) {
                Timing.await("the waiter's subscription left " + before, Duration.ofSeconds(10),
                        () -> PubSubCounts.sharded(before, channel) == 0);
            }
            // The holder's client may still route the slot to a killed primary, where a release waits out the command
            // timeout and its clean-up by token then frees the lock: a retried release would rightly say "not ours".
            // A read first, retried until the holder's client reaches the slot's new primary, which holds our grant.
            assertThat(FailoverChecks.onceReachable(() -> holder.admin().inspect(name)))
                    .hasValueSatisfying(info -> assertThat(info.holderTokenPrefix()).isEqualTo(held.tokenPrefix()));
            assertThat(held.release()).isTrue();
            try (Lease lease = waiting.get(Timing.scaled(Duration.ofSeconds(10)).toMillis(), TimeUnit.MILLISECONDS)) {
                assertThat(lease.fencingToken()).isGreaterThan(held.fencingToken());
            }
        }
    }

    private static void restartKilledNodes() {
        cluster.nodes().stream().filter(node -> !node.isRunning()).forEach(RedisServer::restart);
        Timing.await("every primary has a replica again", Duration.ofSeconds(30),
                () -> cluster.primaries().stream().allMatch(p -> !cluster.replicasOf(p).isEmpty()));
        cluster.awaitOk();
    }

    @Test
    @Order(6)
    void aLockLostWithAKilledPrimaryIsReportedAndTheNextHolderGetsALargerFence() throws Exception {
        try (Hasp holder = connect()) {
            RedisServer primary = cluster.nodeForKey("hasp:{killed}");
            ReplicaLag.hold(primary, cluster.awaitReplicasOf(primary), "{killed}:ballast");
            Lease lease = holder.lock("killed", FailoverChecks.LONG_WATCHDOG).tryAcquire().orElseThrow();

            RedisServer promoted = cluster.killPrimary(primary);

            assertThat(promoted.command("EXISTS", "hasp:{killed}")).isEqualTo(0L); // the write never reached it
            FailoverChecks.assertLossReportedAndFenceRises(lease, ClusterFailoverIT::connect);
        }
    }
}
