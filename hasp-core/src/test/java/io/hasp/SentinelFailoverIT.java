package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisSentinels;
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

/** Failovers of a Sentinel group while locks are held and waited for; the primary kill runs last. */
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
}
