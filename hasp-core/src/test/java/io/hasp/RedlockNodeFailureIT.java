package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.testkit.RedisNodes;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A Redlock client over 5 nodes keeps working with 2 of them dead, and fails clearly with 3 dead. */
class RedlockNodeFailureIT {
    @RegisterExtension
    static final RedisServerExtension NODES_PER_TEST = RedisServerExtension.perTest().nodes(5);

    private static final LockOptions SHORT_LEASE = LockOptions.builder().leaseTime(Duration.ofSeconds(1)).build();

    @Test
    void withTwoNodesKilledLocksStillWorkAndStayExclusive(RedisNodes nodes) throws Exception {
        List<Hasp> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                clients.add(RedlockClients.connect(nodes));
            }
            nodes.node(1).kill();
            nodes.node(3).kill();
            CriticalSectionStress.run(clients, nodes.node(0).uri(), 4, 10, hasp -> hasp.lock("counter"));
            for (int i : new int[] {0, 2, 4}) {
                assertThat(nodes.node(i).command("EXISTS", "hasp:{counter}")).isEqualTo(0L);
            }
        } finally {
            clients.forEach(Hasp::close);
        }
    }

    @Test
    void withThreeNodesKilledAcquireFailsNamingThemLeavesNothingOnTheSurvivorsAndResumesAfterRestart(
            RedisNodes nodes) throws InterruptedException {
        try (Hasp hasp = RedlockClients.builder(nodes, b -> b.restartQuarantine(Duration.ofMillis(500)))
                .defaultOptions(SHORT_LEASE).build()) {
            hasp.lock("outage").tryAcquire().orElseThrow().close();
            List<RedisServer> killed = List.of(nodes.node(0), nodes.node(2), nodes.node(4));
            killed.forEach(RedisServer::kill);

            // An acquire keeps trying through the outage while its wait lasts, then names the silent nodes.
            Duration wait = Duration.ofSeconds(1);
            long start = System.nanoTime();
            var thrown = assertThatThrownBy(() -> hasp.lock("outage").acquire(wait))
                    .isInstanceOf(RedisUnavailableException.class).hasMessageContaining("'outage'");
            for (RedisServer node : killed) {
                thrown.hasMessageContaining("127.0.0.1:" + node.port());
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isLessThan(wait.plus(Timing.scaled(Duration.ofSeconds(2))));
            // The last round is decided by the silent majority, maybe before the survivors answered: each gets its
            // clean-up right after its acquire, unawaited (it may grant in between).
            Timing.await("nothing left on the survivors", Duration.ofSeconds(5), () -> IntStream.of(1, 3)
                    .allMatch(i -> Long.valueOf(0).equals(nodes.node(i).command("EXISTS", "hasp:{outage}"))));
            // A try without a wait fails at once.
            assertThatThrownBy(() -> hasp.lock("outage").tryAcquire()).isInstanceOf(RedisUnavailableException.class);

            // Back, but empty: each breaker must probe its node, and each restarted node sits out its quarantine;
            // a waiting acquire rides that out.
            killed.forEach(RedisServer::restart);
            try (Lease lease = hasp.lock("outage").acquire(Timing.scaled(Duration.ofSeconds(15)))) {
                long holding = nodes.nodes().stream().filter(n -> n.command("EXISTS", "hasp:{outage}").equals(1L))
                        .count();
                assertThat(holding).isGreaterThanOrEqualTo(3);
                assertThat(lease.isValid()).isTrue();
            }
        }
    }
}
