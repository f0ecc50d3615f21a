package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisNodes;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redlock fencing tokens: strictly increasing across holders as long as a majority of nodes keeps its state, and
 * exactly the documented way of going backwards when a majority loses it.
 */
class RedlockFencingIT {
    @RegisterExtension
    static final RedisServerExtension NODES_PER_TEST = RedisServerExtension.perTest().nodes(3);

    private static final Duration LEASE = Duration.ofMillis(500);
    /** Far ahead of any clock in microseconds, yet exact in a Lua double. */
    private static final long FAR_AHEAD = 9_000_000_000_000_000L;

    @Test
    void fencesRiseAcrossHoldersWhileNodesAreKilledAndRestartedOneAtATime(RedisNodes nodes)
            throws InterruptedException {
        List<Hasp> clients = List.of(client(nodes), client(nodes));
        try {
            List<Long> fences = new ArrayList<>();
            for (RedisServer node : nodes.nodes()) {
                takeTurns(clients, fences);
                node.kill();
                takeTurns(clients, fences); // the other two are a majority
                // The delayed-restart rule: a node without persistence comes back only after the longest lease,
                // so every lock it forgot has expired everywhere. This wait is the rule itself, not a hope.
                Thread.sleep(LEASE.toMillis());
                node.restart();
                takeTurns(clients, fences);
            }
            assertThat(fences).hasSize(9 * 4).isSorted().doesNotHaveDuplicates();
        } finally {
            clients.forEach(Hasp::close);
        }
    }

    @Test
    void aFenceCounterSkewedFarAheadOnOneNodeBindsTheNextHolderEvenWithoutThatNode(RedisNodes nodes)
            throws InterruptedException {
        try (Hasp hasp = client(nodes)) {
            nodes.node(0).command("SET", "hasp:{skew}:fence", Long.toString(FAR_AHEAD));
            long first;
            // With node 2 frozen, the skewed node is part of the only majority (else the two others could decide
            // the round before it answers, and the lease would carry their fence).
            nodes.node(2).pause();
            try (Lease lease = hasp.lock("skew").acquire(Timing.scaled(Duration.ofSeconds(5)))) {
                first = lease.fencingToken();
            } finally {
                nodes.node(2).resume();
            }
            assertThat(first).isEqualTo(FAR_AHEAD + 1);
            // The other voter was raised to that fence before the lease was handed out ...
            assertThat(Long.parseLong((String) nodes.node(1).command("GET", "hasp:{skew}:fence")))
                    .isGreaterThanOrEqualTo(first);
            // ... so a majority without the skewed node still issues a larger one.
            nodes.node(0).kill();
            try (Lease lease = hasp.lock("skew").acquire(Timing.scaled(Duration.ofSeconds(5)))) {
                assertThat(lease.fencingToken()).isGreaterThan(first);
            }
        }
    }

    @Test
    void documentedLimitAMajorityThatLostItsCountersWithClocksBehindTheLastFenceGoesBackwards(RedisNodes nodes)
            throws InterruptedException {
        for (RedisServer node : nodes.nodes()) {
            node.command("SET", "hasp:{limit}:fence", Long.toString(FAR_AHEAD));
        }
        long before;
        try (Hasp hasp = client(nodes); Lease lease = hasp.lock("limit").acquire(Duration.ofSeconds(5))) {
            before = lease.fencingToken();
        }
        // Nodes 0 and 1 restart without persistence: their counters are gone, and their clocks (like every
        // real clock) are far behind the last fence. The one node that remembers it is unreachable.
        nodes.node(0).restart();
        nodes.node(1).restart();
        nodes.node(2).pause();
        // Its build waits the whole connect timeout for the paused node: 2 s (scaled) instead of the default 10 s
        // leaves the two live nodes ample time to connect and spares the test the rest.
        Hasp fresh = builder(nodes).connectTimeout(Timing.scaled(Duration.ofSeconds(2))).build();
        try (Lease lease = fresh.lock("limit").acquire(Timing.scaled(Duration.ofSeconds(5)))) {
            assertThat(lease.fencingToken()).isLessThan(before);
        } finally {
            nodes.node(2).resume(); // first, so that Lettuce has no handshake pending on it when it shuts down
            fresh.close();
        }
    }

    private static Hasp client(RedisNodes nodes) {
        return builder(nodes).build();
    }

    private static HaspBuilder builder(RedisNodes nodes) {
        return RedlockClients.builder(nodes, b -> b.restartQuarantine(LEASE))
                .defaultOptions(LockOptions.builder().leaseTime(LEASE).build());
    }

    /** Each client takes and releases the lock twice, in turn, recording the fences in the order they were held. */
    private static void takeTurns(List<Hasp> clients, List<Long> fences) throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            try (Lease lease = clients.get(i % clients.size()).lock("ledger")
                    .acquire(Timing.scaled(Duration.ofSeconds(10)))) {
                fences.add(lease.fencingToken());
            }
        }
    }
}
