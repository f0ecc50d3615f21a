package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.testkit.RedisSentinels;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.ReplicaLag;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Failovers of a Sentinel group while locks are held and waited for: a forced failover, then a primary kill that
 * loses an unreplicated grant, then one that keeps a grant acknowledged by a replica ({@code replicaAcks}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SentinelFailoverIT {
    private static RedisSentinels group;

    @BeforeAll
    static void startGroup() {
        group = RedisSentinels.start();
    }

    @AfterAll
    static void stopGroup() {
        group.close();
    }

    private static Hasp connect() {
        return Hasp.connect(group.uri());
    }

    @Test
    @Order(1)
    void afterASentinelFailoverEveryWaiterIsServedAndLocksWorkOnTheNewPrimary() throws Exception {
        try (Hasp holder = connect(); Hasp a = connect(); Hasp b = connect()) {
            Lease lease = holder.lock("moving").tryAcquire().orElseThrow();
            List<CompletableFuture<Long>> served = FailoverChecks.waiters(List.of(a, b), "moving", 50);

            RedisServer promoted = group.failover();

            lease.release(); // false if the promoted replica had not received the key: then a waiter took it already
            FailoverChecks.assertAllServed(served);
            try (Lease again = holder.lock("moving").tryAcquire().orElseThrow()) {
                assertThat(promoted.command("GET", "hasp:{moving}")).asString().startsWith("hasp");
                assertThat(again.fencingToken()).isGreaterThan(lease.fencingToken());
            }
        }
    }

    @Test
    @Order(2)
    void aLockLostWithAKilledPrimaryIsReportedAndTheNextHolderGetsALargerFence() throws Exception {
        try (Hasp holder = connect()) {
            RedisServer primary = group.primary();
            List<RedisServer> replicas = group.dataNodes().stream()
                    .filter(node -> node != primary && node.isRunning()).toList();
            ReplicaLag.hold(primary, replicas, "ballast");
            Lease lease = holder.lock("killed", FailoverChecks.LONG_WATCHDOG).tryAcquire().orElseThrow();

            RedisServer promoted = group.killPrimary();

            assertThat(promoted.command("EXISTS", "hasp:{killed}")).isEqualTo(0L); // the write never reached it
            FailoverChecks.assertLossReportedAndFenceRises(lease, SentinelFailoverIT::connect);
        }
    }

    @Test
    @Order(3)
    void withReplicaAcksAGrantWaitsForAReplicaAndSurvivesAPlainPrimaryKill() throws Exception {
        LockOptions acked = LockOptions.builder().replicaAcks(1, Duration.ofSeconds(1)).build();
        RedisServer primary = group.primary();
        Timing.await("the primary has a linked replica", Duration.ofSeconds(30), () -> linkedReplicas(primary) >= 1);
        List<RedisServer> replicas = group.dataNodes().stream()
                .filter(node -> node != primary && node.isRunning()).toList();
        try (Hasp holder = connect(); Hasp rival = connect()) {
            replicas.forEach(RedisServer::pause);
            try {
                assertThatThrownBy(() -> holder.lock("kept", acked).tryAcquire()).isInstanceOf(HaspException.class)
                        .hasMessageContaining("only 0 of 1 replicas acknowledged");
                assertThat(primary.command("EXISTS", "hasp:{kept}")).isEqualTo(0L); // the grant was released
            } finally {
                replicas.forEach(RedisServer::resume);
            }
            Timing.await("the replica is linked again", Duration.ofSeconds(30), () -> linkedReplicas(primary) >= 1);

            Lease lease = holder.lock("kept", acked).tryAcquire().orElseThrow();
            CompletableFuture<RedisServer> failingOver = CompletableFuture.supplyAsync(group::killPrimary);
            Timing.await("the primary is down", Duration.ofSeconds(10), () -> !primary.isRunning());
            // Started while no primary answers: each attempt fails fast, and is retried within the wait (as on one
            // Redis whose connection dropped, DroppedConnectionIT) until the client reaches the promoted replica.
            CompletableFuture<Lease> meanwhile = rival.lock("during-failover").acquireAsync(Duration.ofMinutes(1));
            RedisServer promoted = failingOver.get(Timing.scaled(Duration.ofSeconds(45)).toMillis(),
                    TimeUnit.MILLISECONDS);
            try (Lease other = meanwhile.get(Timing.scaled(Duration.ofSeconds(45)).toMillis(), TimeUnit.MILLISECONDS)) {
                assertThat(other.isValid()).isTrue();
                assertThat(promoted.command("EXISTS", "hasp:{during-failover}")).isEqualTo(1L);
            }

            assertThat(promoted.command("GET", "hasp:{kept}")).asString().startsWith("hasp");
            assertThat(FailoverChecks.onceReachable(() -> rival.lock("kept").tryAcquire())).isEmpty();
            assertThat(lease.lost().toCompletableFuture()).isNotDone();
            assertThat(FailoverChecks.onceReachable(lease::release)).isTrue();
        }
    }

    private static long linkedReplicas(RedisServer primary) {
        try {
            String info = (String) primary.command("INFO", "replication");
            return info.lines().filter(line -> line.matches("slave\\d+:.*state=online.*")).count();
        } catch (RuntimeException e) {
            return 0; // Sentinel drops clients of a node it reconfigures; ask again
        }
    }
}
