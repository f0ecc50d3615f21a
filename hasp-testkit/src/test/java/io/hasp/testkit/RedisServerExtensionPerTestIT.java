package io.hasp.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisServerExtensionPerTestIT {
    @RegisterExtension
    static RedisServerExtension redis = RedisServerExtension.perTest().configure(b -> b.config("appendonly", "yes"));

    private static RedisServer first;

    @Test
    @Order(1)
    void firstTestGetsAConfiguredServer(RedisServer server) {
        first = server;
        assertThat(server.command("CONFIG", "GET", "appendonly")).isEqualTo(List.of("appendonly", "yes"));
        server.command("SET", "k", "v");
    }

    @Test
    @Order(2)
    void secondTestGetsAFreshOneAndTheFirstIsClosed(RedisServer server) {
        assertThat(server).isNotSameAs(first);
        assertThat(first.isRunning()).isFalse();
        assertThat(first.dir()).doesNotExist();
        assertThat(server.command("GET", "k")).isNull();
    }
}
