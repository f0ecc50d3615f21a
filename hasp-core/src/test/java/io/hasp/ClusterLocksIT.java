package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.hasp.testkit.RedisCluster;
import io.hasp.internal.DefaultHasp;
import io.hasp.internal.ServerFeatures;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RequiresRedis;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
    @RequiresRedis(minVersion = "7.0")
    void aWaiterListensOnlyAtItsLocksPrimaryBySSubscribeAndTheReleaseReachesItThere() throws Exception {
        String channel = "hasp:{shard-only}:wake";
        RedisServer owner = cluster.nodeForKey(channel);
        try (Hasp holder = connect(); Hasp waiter = connect()) {
            Lease held = holder.lock("shard-only", MessageOnlyOptions.get()).tryAcquire().orElseThrow();
            CompletableFuture<Lease> waiting = waiter.lock("shard-only", MessageOnlyOptions.get())
                    .acquireAsync(Duration.ofMinutes(2));
            Timing.await("the waiter subscribed at the lock's primary", Duration.ofSeconds(10),
                    () -> PubSubCounts.sharded(owner, channel) == 1);
            for (RedisServer node : cluster.nodes()) {
                assertThat(PubSubCounts.classic(node, channel)).as("classic subscribers on " + node).isZero();
                assertThat(PubSubCounts.sharded(node, channel)).as("sharded subscribers on " + node)
                        .isEqualTo(node == owner ? 1 : 0);
            }
            assertThat(held.release()).isTrue();
            // Its re-checks are minutes away and it listens by SSUBSCRIBE alone: only an SPUBLISH in the shard wakes it.
            try (Lease lease = waiting.get(Timing.scaled(Duration.ofSeconds(10)).toMillis(), TimeUnit.MILLISECONDS)) {
                assertThat(lease.fencingToken()).isGreaterThan(held.fencingToken());
            }
        }
    }

    @Test
    @RequiresRedis(minVersion = "7.0")
    void aFairHandOffTravelsOnTheWaitersGrantChannelInsideTheLocksShard() throws Exception {
        RedisServer owner = cluster.nodeForKey("hasp:{fair-shard}");
        try (Hasp holder = connect(); Hasp waiter = connect()) {
            Lease held = holder.fairLock("fair-shard", MessageOnlyOptions.get()).tryAcquire().orElseThrow();
            CompletableFuture<Lease> waiting = waiter.fairLock("fair-shard", MessageOnlyOptions.get())
                    .acquireAsync(Duration.ofMinutes(2));
            Timing.await("the fair waiter queued", Duration.ofSeconds(10),
                    () -> (Long) owner.command("ZCARD", "hasp:{fair-shard}:queue") == 1);
            String member = (String) ((List<?>) owner.command("ZRANGE", "hasp:{fair-shard}:queue", "0", "0")).get(0);
            String grantChannel = member.substring(member.indexOf('|', member.indexOf('|') + 1) + 1);
            assertThat(cluster.slotOf(grantChannel)).isEqualTo(cluster.slotOf("hasp:{fair-shard}"));
            assertThat(PubSubCounts.sharded(owner, grantChannel)).isEqualTo(1);
            assertThat(held.release()).isTrue();
            try (Lease lease = waiting.get(Timing.scaled(Duration.ofSeconds(10)).toMillis(), TimeUnit.MILLISECONDS)) {
                assertThat(lease.fencingToken()).isGreaterThan(held.fencingToken());
            }
        }
    }

    @Test
    void classicPubSubRemainsTheFallbackAndStillWakesWaiters() throws Exception {
        String channel = "hasp:{classic}:wake";
        System.setProperty(ServerFeatures.FORCE_CLASSIC_PUBSUB_PROPERTY, "true");
        try (Hasp holder = connect(); Hasp waiter = connect()) {
            assertThat(((DefaultHasp) waiter).serverFeatures().orElseThrow().shardedPubSub()).isFalse();
            Lease held = holder.lock("classic", MessageOnlyOptions.get()).tryAcquire().orElseThrow();
            CompletableFuture<Lease> waiting = waiter.lock("classic", MessageOnlyOptions.get())
                    .acquireAsync(Duration.ofMinutes(2));
            Timing.await("the waiter subscribed by classic pub/sub", Duration.ofSeconds(10),
                    () -> cluster.nodes().stream().mapToLong(node -> PubSubCounts.classic(node, channel)).sum() == 1);
            assertThat(cluster.nodes()).allSatisfy(node -> assertThat(PubSubCounts.sharded(node, channel)).isZero());
            assertThat(held.release()).isTrue();
            try (Lease lease = waiting.get(Timing.scaled(Duration.ofSeconds(10)).toMillis(), TimeUnit.MILLISECONDS)) {
                assertThat(lease.fencingToken()).isGreaterThan(held.fencingToken());
            }
        } finally {
            System.clearProperty(ServerFeatures.FORCE_CLASSIC_PUBSUB_PROPERTY);
        }
    }

    @Test
    @RequiresRedis(minVersion = "7.0")
    void anAclUserWithTheDocumentedRulesRunsEveryLockFormOnTheCluster() throws Exception {
        for (String line : MinimalAclIT.readmeAclLines()) {
            for (RedisServer node : cluster.nodes()) {
                node.command(line.split("\\s+"));
            }
        }
        cluster.nodes().forEach(node -> node.command("ACL", "SETUSER", "hasp", "+wait")); // replicaAcks, as documented
        String[] seeds = cluster.uris().stream().map(uri -> uri.replace("redis://", "redis://hasp:secret@"))
                .toArray(String[]::new);
        try (Hasp holder = Hasp.builder().cluster(seeds).build(); Hasp waiter = Hasp.builder().cluster(seeds).build()) {
            Lease lease = holder.lock("acl", MessageOnlyOptions.get()).tryAcquire().orElseThrow();
            lease.extend(Duration.ofMinutes(2));
            CompletableFuture<Lease> waiting = waiter.lock("acl", MessageOnlyOptions.get())
                    .acquireAsync(Duration.ofMinutes(1));
            Timing.await("the waiter subscribed", Duration.ofSeconds(10),
                    () -> PubSubCounts.sharded(cluster.nodeForKey("hasp:{acl}"), "hasp:{acl}:wake") == 1);
            assertThat(lease.release()).isTrue();
            waiting.get(Timing.scaled(Duration.ofSeconds(10)).toMillis(), TimeUnit.MILLISECONDS).close();

            fairHandOffAndAckedGrantWork(holder, waiter);
        } finally {
            cluster.nodes().forEach(node -> node.command("ACL", "DELUSER", "hasp"));
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
        RedisServer replica = cluster.awaitReplicasOf(primary).get(0);
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

    @Test
    void replicaAcksFallBackToWaitOnServersWithoutWaitAof() {
        RedisServer primary = cluster.nodeForKey("hasp:{aof}");
        try (Hasp hasp = connect()) {
            ServerFeatures features = ((DefaultHasp) hasp).serverFeatures().orElseThrow();
            assumeFalse(features.waitAof(), "this server has WAITAOF (" + features.version() + ")");
            long waitsBefore = calls(primary, "wait");
            hasp.lock("aof", LockOptions.builder().replicaAcks(1, Duration.ofSeconds(1)).build()).tryAcquire()
                    .orElseThrow().release();
            assertThat(calls(primary, "wait")).isEqualTo(waitsBefore + 1);
            assertThat(calls(primary, "waitaof")).isZero();
        }
    }

    /** How many times {@code node} ran {@code command}, from {@code INFO commandstats}. */
    private static long calls(RedisServer node, String command) {
        String info = (String) node.command("INFO", "commandstats");
        String prefix = "cmdstat_" + command + ":calls=";
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(prefix)) {
                return Long.parseLong(line.substring(prefix.length(), line.indexOf(',')));
            }
        }
        return 0;
    }

    /** A read on a replica, which answers only after READONLY on the same connection. */
    private static Object replicaGet(RedisServer replica, String key) {
        try (var client = replica.client()) {
            client.command("READONLY");
            return client.command("GET", key);
        }
    }
}
