package io.hasp.spring.boot;

import static io.hasp.spring.boot.StarterContexts.runner;
import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.Hasp;
import io.hasp.Lease;
import io.hasp.testkit.RedisNodes;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;

/** The health indicator follows the Redis it checks: down while paused or killed, up again once back. */
class HealthIT {
    /** Short, so that a silent Redis is reported within a fraction of a second. */
    private static final String COMMAND_TIMEOUT = "hasp.command-timeout=" + Timing.scaled(Duration.ofMillis(300))
            .toMillis() + "ms";
    /** A connect on a loaded machine may take seconds; the command timeout stays short. */
    private static final String CONNECT_TIMEOUT = "hasp.connect-timeout=" + Timing.scaled(Duration.ofSeconds(30))
            .toSeconds() + "s";

    @RegisterExtension
    static RedisServerExtension perTest = RedisServerExtension.perTest();

    @Test
    void downWhileRedisIsPausedOrKilledAndUpOnceBack(RedisServer redis) {
        runner().withPropertyValues("hasp.redis.uris=" + redis.uri(), COMMAND_TIMEOUT, CONNECT_TIMEOUT).run(context -> {
            assertThat(health(context).getStatus()).isEqualTo(Status.UP);
            redis.pause();
            try {
                Health paused = health(context);
                assertThat(paused.getStatus()).isEqualTo(Status.DOWN);
                assertThat(paused.getDetails()).containsKey("error");
            } finally {
                redis.resume();
            }
            assertThat(health(context).getStatus()).isEqualTo(Status.UP);
            redis.kill();
            assertThat(health(context).getStatus()).isEqualTo(Status.DOWN);
            redis.restart();
            Timing.await("health up after restart", Duration.ofSeconds(10),
                    () -> health(context).getStatus().equals(Status.UP));
        });
    }

    @Test
    void redlockOverThreeNodesExcludesOtherClientsAndIsUpWhileAMajorityIs() {
        try (RedisNodes nodes = RedisNodes.start(3)) {
            // A per-node timeout of its own: the automatic one (a share of the lease) is too short on a loaded host.
            runner().withPropertyValues("hasp.redis.uris=" + String.join(",", nodes.uris()), COMMAND_TIMEOUT,
                    CONNECT_TIMEOUT, "hasp.redis.node-timeout=" + Timing.scaled(Duration.ofMillis(250)).toMillis()
                            + "ms").run(context -> {
                        Hasp hasp = context.getBean(Hasp.class);
                        try (Lease lease = hasp.lock("report").acquire(Duration.ofSeconds(5));
                                Hasp other = Hasp.connect(nodes.uris().toArray(String[]::new))) {
                            assertThat(other.lock("report").tryAcquire()).isEmpty();
                            for (RedisServer node : nodes.nodes()) {
                                assertThat(node.command("EXISTS", "hasp:{report}")).isEqualTo(1L);
                            }
                            assertThat(lease.release()).isTrue();
                        }
                        Health all = health(context);
                        assertThat(all.getStatus()).isEqualTo(Status.UP);
                        assertThat(nodeStates(all, nodes)).containsExactly("UP", "UP", "UP");
                        nodes.node(0).kill();
                        Health minorityDown = health(context);
                        assertThat(minorityDown.getStatus()).isEqualTo(Status.UP);
                        assertThat(nodeStates(minorityDown, nodes)).satisfiesExactly(
                                state -> assertThat(state).startsWith("DOWN: "),
                                state -> assertThat(state).isEqualTo("UP"), state -> assertThat(state).isEqualTo("UP"));
                        nodes.node(1).kill();
                        Health down = health(context);
                        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                        assertThat(down.getDetails().get("error").toString()).contains("1 of 3");
                        assertThat(nodeStates(down, nodes))
                                .extracting(state -> state.startsWith("DOWN: ") ? "DOWN" : state)
                                .containsExactly("DOWN", "DOWN", "UP");
                        nodes.node(0).restart();
                        Timing.await("node 0 up again in its own line", Duration.ofSeconds(10),
                                () -> nodeStates(health(context), nodes).get(0).equals("UP"));
                    });
        }
    }

    /** The per-server states of a Redlock health, in the order of the nodes. */
    private static List<String> nodeStates(Health health, RedisNodes nodes) {
        Map<?, ?> states = (Map<?, ?>) health.getDetails().get("nodes");
        assertThat(states).hasSize(nodes.nodes().size());
        return nodes.nodes().stream().map(node -> String.valueOf(states.get(node.host() + ":" + node.port())))
                .toList();
    }

    private static Health health(AssertableApplicationContext context) {
        return context.getBean(HaspHealthIndicator.class).health();
    }
}
