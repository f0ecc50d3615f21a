package io.hasp.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import org.junit.jupiter.api.Test;

class RedisNodesIT {

    @Test
    void startsThreeIndependentServers() {
        RedisNodes nodes = RedisNodes.start(3);
        try (nodes) {
            assertThat(nodes.size()).isEqualTo(3);
            assertThat(new HashSet<>(nodes.uris())).hasSize(3);
            nodes.node(0).command("SET", "k", "zero");

            assertThat(nodes.node(1).command("GET", "k")).isNull();
            assertThat(nodes.node(2).command("PING")).isEqualTo("PONG");
            assertThat(nodes.uris()).containsExactly(nodes.node(0).uri(), nodes.node(1).uri(), nodes.node(2).uri());
        }
        assertThat(nodes.nodes()).noneMatch(RedisServer::isRunning);
    }
}
