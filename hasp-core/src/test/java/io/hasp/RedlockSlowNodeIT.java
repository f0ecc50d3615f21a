package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.FaultProxy;
import io.hasp.testkit.RedisNodes;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One Redlock node far slower than the others (behind a fault proxy that delays it a second or more each way, within
 * its node timeout): acquire, extend and release are decided by the two fast nodes, and the slow node's late answers
 * are tracked (a late grant after a granted round) or cleaned up (a late grant after a refused round), never orphaned.
 */
class RedlockSlowNodeIT {
    @RegisterExtension
    static final RedisServerExtension NODES_PER_TEST = RedisServerExtension.perTest().nodes(3);

    /** The longest node timeout allowed: far above the slow node's round trip, so it is slow, not down. */
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ONE_WAY = min(Timing.scaled(Duration.ofSeconds(1)), NODE_TIMEOUT.dividedBy(3));
    /** Lettuce's own timeout, which fails a command whose answer is late (it still runs): above the round trip. */
    private static final Duration COMMAND_TIMEOUT = NODE_TIMEOUT.multipliedBy(3);
    private static final Duration ARRIVES_WITHIN = ONE_WAY.multipliedBy(5);
    private static final LockOptions FIXED_LEASE = LockOptions.builder().leaseTime(Duration.ofSeconds(60)).build();

    private final List<FaultProxy> proxies = new ArrayList<>();
    private RedisNodes nodes;
    private RedisServer slow;
    private Hasp hasp;

    @BeforeEach
    void connectThroughProxies(RedisNodes started) throws InterruptedException {
        nodes = started;
        slow = nodes.node(2);
        for (RedisServer node : nodes.nodes()) {
            proxies.add(FaultProxy.start(node));
        }
        hasp = Hasp.builder().uris(proxies.stream().map(FaultProxy::uri).toArray(String[]::new))
                .redlock(RedlockOptions.builder().nodeTimeout(NODE_TIMEOUT).build())
                .commandTimeout(COMMAND_TIMEOUT).defaultOptions(FIXED_LEASE).build();
        // Every node connected and its scripts loaded before one of them turns slow.
        try (Lease warmUp = hasp.lock("warm-up").acquire(Timing.scaled(Duration.ofSeconds(10)))) {
            warmUp.extend(Duration.ofSeconds(60));
        }
        Timing.await("the warm-up lock released everywhere", ARRIVES_WITHIN, () -> nowhere("warm-up"));
        proxies.get(2).latency(ONE_WAY);
    }

    @AfterEach
    void close() {
        if (hasp != null) {
            hasp.close();
        }
        proxies.forEach(FaultProxy::close);
    }

    @Test
    void aLateGrantAfterAGrantedRoundJoinsTheLeaseAndItsReleaseLeavesNoKey() {
        Lease lease = hasp.lock("late").tryAcquire().orElseThrow();
        // Decided by the two fast nodes: the slow one has not even received the acquire yet.
        assertThat(slow.command("EXISTS", "hasp:{late}")).isEqualTo(0L);
        Object token = nodes.node(0).command("GET", "hasp:{late}");
        assertThat(nodes.node(1).command("GET", "hasp:{late}")).isEqualTo(token);
        Timing.await("the slow node's late grant, with the lease's token", ARRIVES_WITHIN,
                () -> token.equals(slow.command("GET", "hasp:{late}")));

        // An extend is also decided by the fast nodes, and reaches the slow node's copy after them.
        lease.extend(Duration.ofSeconds(120));
        assertThat((Long) slow.command("PTTL", "hasp:{late}")).isLessThanOrEqualTo(60_000L);
        assertThat((Long) nodes.node(0).command("PTTL", "hasp:{late}")).isGreaterThan(60_000L);
        Timing.await("the slow node's copy extended too", ARRIVES_WITHIN,
                () -> (Long) slow.command("PTTL", "hasp:{late}") > 60_000L);

        assertThat(lease.release()).isTrue();
        // Another client is not held up by the slow node's copy while the release is on its way there.
        try (Hasp other = RedlockClients.connect(nodes);
             Lease next = other.lock("late", FIXED_LEASE).tryAcquire().orElseThrow()) {
            assertThat(next.fencingToken()).isGreaterThan(lease.fencingToken());
        }
        Timing.await("no key left on any node", ARRIVES_WITHIN, () -> nowhere("late"));
    }

    @Test
    void aClientClosedRightAfterAReleaseStillReleasesOnTheSlowNode() {
        Lease lease = hasp.lock("closing").tryAcquire().orElseThrow();
        // Decided by the two fast nodes: the slow node's acquire is still on its way, its release goes behind it.
        assertThat(slow.command("EXISTS", "hasp:{closing}")).isEqualTo(0L);
        assertThat(lease.release()).isTrue();
        hasp.close();
        hasp = null;
        // The close sent it before the connection went: no copy waits there for its 60 s lease to end.
        Timing.await("the late acquire to run on the slow node", ARRIVES_WITHIN,
                () -> Long.valueOf(1).equals(slow.command("EXISTS", "hasp:{closing}:fence")));
        Timing.await("no key left on any node", ARRIVES_WITHIN, () -> nowhere("closing"));
    }

    @Test
    void aLateGrantAfterARefusedRoundIsReleasedRightBehindIt() {
        // Another lease holds the two fast nodes; the slow one is free, so it will grant when the acquire arrives.
        String holder = "hasp1:" + "ab".repeat(16);
        nodes.node(0).command("SET", "hasp:{refused}", holder, "PX", "60000");
        nodes.node(1).command("SET", "hasp:{refused}", holder, "PX", "60000");

        assertThat(hasp.lock("refused").tryAcquire()).isEmpty();
        // Decided by the two refusals: the slow node has not run the acquire (which creates the fence counter).
        assertThat(slow.command("EXISTS", "hasp:{refused}:fence")).isEqualTo(0L);
        Timing.await("the late acquire to run on the slow node", ARRIVES_WITHIN,
                () -> Long.valueOf(1).equals(slow.command("EXISTS", "hasp:{refused}:fence")));
        // The release sent after the decision runs right behind it: no orphan waiting for its 60 s lease to end.
        Timing.await("the late grant released", ARRIVES_WITHIN,
                () -> Long.valueOf(0).equals(slow.command("EXISTS", "hasp:{refused}")));

        nodes.node(0).command("DEL", "hasp:{refused}");
        nodes.node(1).command("DEL", "hasp:{refused}");
        try (Hasp other = RedlockClients.connect(nodes);
             Lease next = other.lock("refused", FIXED_LEASE).tryAcquire().orElseThrow()) {
            Timing.await("the next holder's key on every node, the slow one included", ARRIVES_WITHIN,
                    () -> nodes.nodes().stream().allMatch(n -> Long.valueOf(1).equals(n.command("EXISTS",
                            "hasp:{refused}"))));
            assertThat(next.isValid()).isTrue();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private boolean nowhere(String name) {
        return nodes.nodes().stream().allMatch(n -> Long.valueOf(0).equals(n.command("EXISTS", "hasp:{" + name + "}")));
    }
}
