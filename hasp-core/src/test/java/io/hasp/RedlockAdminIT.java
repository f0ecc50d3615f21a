package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.testkit.RedisNodes;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Operator tools over the 3 nodes of a Redlock client: what a majority says, and never a foreign value deleted. */
class RedlockAdminIT {
    @RegisterExtension
    static final RedisServerExtension NODES_PER_TEST = RedisServerExtension.perTest().nodes(3);

    private RedisNodes nodes;
    private Hasp hasp;

    @BeforeEach
    void connect(RedisNodes fresh) {
        nodes = fresh;
        hasp = RedlockClients.connect(nodes);
    }

    @AfterEach
    void disconnect() {
        hasp.close();
    }

    @Test
    void inspectReportsWhatAMajorityHoldsAndEachNodesOwnView() {
        try (Lease lease = hasp.lock("orders").tryAcquire().orElseThrow()) {
            awaitOnEveryNode("orders", lease);
            LockInfo info = hasp.admin().inspect("orders").orElseThrow();
            assertThat(info.key()).isEqualTo("hasp:{orders}");
            assertThat(info.holderTokenPrefix()).isEqualTo(lease.tokenPrefix());
            assertThat(info.remainingTtl()).hasValueSatisfying(ttl -> assertThat(ttl)
                    .isPositive().isLessThanOrEqualTo(hasp.defaultOptions().leaseTime()));
            assertThat(info.fence()).hasValue(lease.fencingToken());
            assertThat(info.foreignData()).isFalse();
            assertThat(info.nodes()).containsOnlyKeys(label(0), label(1), label(2));
            assertThat(info.nodes().values()).allMatch(node -> node.holderTokenPrefix().equals(lease.tokenPrefix()));

            // One node lost the key: a majority still holds it, and that node's view says so.
            nodes.node(0).command("DEL", "hasp:{orders}");
            LockInfo two = hasp.admin().inspect("orders").orElseThrow();
            assertThat(two.held()).isTrue();
            assertThat(two.nodes().get(label(0)).held()).isFalse();
            assertThat(two.nodes().get(label(0)).fence()).hasValue(lease.fencingToken());

            // Only one node holds it now: no majority, no holder; the fence counters still stand on every node.
            nodes.node(1).command("DEL", "hasp:{orders}");
            LockInfo one = hasp.admin().inspect("orders").orElseThrow();
            assertThat(one.held()).isFalse();
            assertThat(one.remainingTtl()).isEmpty();
            assertThat(one.fence()).hasValue(lease.fencingToken());
            assertThat(one.nodes().get(label(2)).held()).isTrue();
        }
        assertThat(hasp.admin().inspect("never-used")).isEmpty();
    }

    @Test
    void inspectFlagsForeignDataOnAnyNodeWithoutShowingIt() {
        nodes.node(1).command("SET", "hasp:{session}", "somebody's secret");
        LockInfo info = hasp.admin().inspect("session").orElseThrow();
        assertThat(info.foreignData()).isTrue();
        assertThat(info.held()).isFalse();
        assertThat(info.nodes().get(label(1)).foreignData()).isTrue();
        assertThat(info.nodes().get(label(0)).foreignData()).isFalse();
        assertThat(info.toString()).doesNotContain("secret");
    }

    @Test
    void forceReleaseDeletesTheLockOnEveryNodeCountsThemAndKeepsTheFenceIncreasing() throws InterruptedException {
        Lease stuck = hasp.lock("jobs").acquire(Duration.ofSeconds(5));
        awaitOnEveryNode("jobs", stuck);
        assertThat(hasp.admin().forceReleaseCount("jobs")).isEqualTo(3);
        for (RedisServer node : nodes.nodes()) {
            assertThat(node.command("EXISTS", "hasp:{jobs}")).isEqualTo(0L);
            assertThat(node.command("EXISTS", "hasp:{jobs}:fence")).isEqualTo(1L);
        }
        try (Hasp other = RedlockClients.connect(nodes);
             Lease next = other.lock("jobs").tryAcquire().orElseThrow()) {
            assertThat(next.fencingToken()).isGreaterThan(stuck.fencingToken());
            assertThat(stuck.release()).isFalse();
        }
        assertThat(hasp.admin().forceRelease("jobs")).isFalse();
        assertThat(hasp.admin().forceReleaseCount("jobs")).isZero();
    }

    @Test
    void forceReleaseDeletesOnlyHaspTokensAndNamesTheNodeWithForeignData() {
        awaitOnEveryNode("mixed", hasp.lock("mixed").tryAcquire().orElseThrow());
        nodes.node(1).command("SET", "hasp:{mixed}", "somebody's value", "PX", "60000");
        assertThatThrownBy(() -> hasp.admin().forceRelease("mixed")).isInstanceOf(KeyConflictException.class)
                .hasMessageContaining(label(1)).hasMessageContaining("force-released on 2 other nodes")
                .hasMessageContaining("untouched");
        assertThat(nodes.node(1).command("GET", "hasp:{mixed}")).isEqualTo("somebody's value");
        assertThat((Long) nodes.node(1).command("PTTL", "hasp:{mixed}")).isGreaterThan(50_000L);
        assertThat(nodes.node(0).command("EXISTS", "hasp:{mixed}")).isEqualTo(0L);
        assertThat(nodes.node(2).command("EXISTS", "hasp:{mixed}")).isEqualTo(0L);
    }

    @Test
    void aMinorityDownIsToleratedAndAMajorityDownIsReported() {
        try (Lease lease = hasp.lock("outage").tryAcquire().orElseThrow()) {
            awaitOnEveryNode("outage", lease);
            nodes.node(2).kill();
            LockInfo info = hasp.admin().inspect("outage").orElseThrow();
            assertThat(info.holderTokenPrefix()).isEqualTo(lease.tokenPrefix());
            assertThat(info.nodes()).containsOnlyKeys(label(0), label(1));
            assertThat(hasp.admin().list(10)).containsExactly("outage");

            nodes.node(1).kill();
            assertThatThrownBy(() -> hasp.admin().inspect("outage")).isInstanceOf(RedisUnavailableException.class)
                    .hasMessageContaining(label(1)).hasMessageContaining(label(2));
            assertThatThrownBy(() -> hasp.admin().forceRelease("outage"))
                    .isInstanceOf(RedisUnavailableException.class).hasMessageContaining("released on 1");
            assertThat(nodes.node(0).command("EXISTS", "hasp:{outage}")).isEqualTo(0L);
        }
    }

    @Test
    void listFindsTheLocksOfEveryNode() {
        hasp.lock("a").tryAcquire().orElseThrow();
        nodes.node(2).command("SET", "hasp:{only-on-2}", "x");
        assertThat(hasp.admin().list(100)).containsExactly("a", "only-on-2");
        assertThat(hasp.admin().list(1)).containsExactly("a");
    }

    @Test
    void aFairLockIsRefusedWithWhatToUseInstead() {
        assertThatThrownBy(() -> hasp.fairLock("queue")).isInstanceOf(HaspException.class)
                .hasMessageContaining("Redlock").hasMessageContaining("use lock('queue')")
                .hasMessageContaining("client on one Redis");
    }

    /**
     * Waits until every node holds {@code lease} of the lock {@code name}: its acquire answers at a majority, and the
     * last node's grant may come after that (on a fresh node, its script's text is sent only once the node answered
     * NOSCRIPT), after what the test sends next on that node's connection.
     */
    private void awaitOnEveryNode(String name, Lease lease) {
        String token = "hasp1:" + lease.tokenPrefix();
        Timing.await("every node holding '" + name + "'", Duration.ofSeconds(5), () -> nodes.nodes().stream()
                .allMatch(node -> String.valueOf(node.command("GET", "hasp:{" + name + "}")).startsWith(token)));
    }

    private String label(int node) {
        return "127.0.0.1:" + nodes.node(node).port();
    }
}
