package io.hasp.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisServerExtensionNodesIT {
    @RegisterExtension
    static RedisServerExtension redis = RedisServerExtension.perTest().nodes(3)
            .configure(b -> b.config("appendonly", "yes"));

    private static RedisNodes first;

    @Test
    @Order(1)
    void firstTestGetsThreeConfiguredServers(RedisNodes nodes) {
        first = nodes;
        assertThat(nodes.size()).isEqualTo(3);
        assertThat(nodes.uris()).doesNotHaveDuplicates();
        for (RedisServer node : nodes.nodes()) {
            assertThat(node.command("CONFIG", "GET", "appendonly")).isEqualTo(List.of("appendonly", "yes"));
        }
        nodes.node(1).kill(); // a test may kill what it was given; closing afterwards still cleans up
    }

    @Test
    @Order(2)
    void secondTestGetsFreshOnesAndTheFirstAreClosed(RedisNodes nodes) {
        assertThat(nodes).isNotSameAs(first);
        for (RedisServer node : first.nodes()) {
            assertThat(node.isRunning()).isFalse();
            assertThat(node.dir()).doesNotExist();
        }
        assertThat(nodes.nodes()).allMatch(RedisServer::isRunning);
    }
}
