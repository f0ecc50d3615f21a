package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisCluster;
import io.hasp.testkit.RedisNodes;
import io.hasp.testkit.RedisSentinels;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node of a Redis Cluster or of a Redlock client that goes down and comes back, and a Sentinel group's primary
 * replaced by a failover, are logged as on one Redis (RedisRestartIT): one WARN when the connection drops and one
 * INFO when it is back, however many reconnect attempts lie between, and nothing for the nodes that stayed up.
 */
class NodeOutageLogIT {
    private static final Duration LIVENESS = Duration.ofSeconds(30);
    /** A connect on a loaded machine may take seconds. */
    private static final Duration CONNECT = Timing.scaled(Duration.ofSeconds(30));
    /** Lettuce's line for each reconnect attempt (logged at INFO or DEBUG), so the outage spans several. */
    private static final String ATTEMPT = "Reconnecting, last destination was";

    @RegisterExtension
    static final RedisServerExtension NODES_PER_TEST = RedisServerExtension.perTest().nodes(3);

    @Test
    void aClusterNodeOutageIsOneWarningAndOneInfo() {
        try (RedisCluster cluster = RedisCluster.start();
                Hasp hasp = Hasp.builder().cluster(cluster.uris().get(0)).connectTimeout(CONNECT).build()) {
            String name = "outage";
            RedisServer owner = cluster.nodeForKey("hasp:{" + name + "}");
            hasp.lock(name).tryAcquire().orElseThrow().release(); // the connection to the lock's node is open
            try (CapturedLogs logs = new CapturedLogs()) {
                outage(logs, owner, () -> {
                    cluster.awaitOk();
                    return usable(hasp, name);
                });
                assertLoggedOnce(logs, "Cluster node " + RedisServer.HOST + ":" + owner.port());
            }
        }
    }

    @Test
    void aRedlockNodeOutageIsOneWarningAndOneInfo(RedisNodes nodes) {
        try (Hasp hasp = RedlockClients.builder(nodes, b -> b).connectTimeout(CONNECT).build()) {
            hasp.lock("outage").tryAcquire().orElseThrow().release();
            RedisServer down = nodes.node(1);
            try (CapturedLogs logs = new CapturedLogs()) {
                outage(logs, down, () -> logs.lines().stream().anyMatch(line -> line.contains("reconnected to Redis")));
                assertLoggedOnce(logs, down.host() + ":" + down.port() + " (a Redlock node)");
            }
        }
    }

    @Test
    void aSentinelPrimaryLostToAFailoverIsOneWarningAndOneInfo() {
        try (RedisSentinels group = RedisSentinels.start();
                Hasp hasp = Hasp.builder().uri(group.uri()).connectTimeout(CONNECT).build()) {
            hasp.lock("outage").tryAcquire().orElseThrow().release();
            try (CapturedLogs logs = new CapturedLogs()) {
                // Until the Sentinels elect a replica, each reconnect attempt is sent to the dead primary again.
                group.killPrimary();
                Timing.await("the client served again", LIVENESS, () -> usable(hasp, "outage"));
                assertLoggedOnce(logs, "the primary '" + RedisSentinels.MASTER_NAME + "' of the Sentinels");
            }
        }
    }

    /**
     * Stops {@code server}, waits until the client has tried to reconnect three times, starts it again, and waits
     * until {@code back} is true.
     */
    private static void outage(CapturedLogs logs, RedisServer server, java.util.function.BooleanSupplier back) {
        server.stop();
        String port = ":" + server.port();
        Timing.await("three reconnect attempts", LIVENESS, () -> logs.lines().stream()
                .filter(line -> line.contains(ATTEMPT) && line.contains(port)).count() >= 3);
        server.restart();
        Timing.await("the client served again", LIVENESS, back);
    }

    private static boolean usable(Hasp hasp, String name) {
        try {
            return hasp.lock(name).tryAcquire().map(Lease::release).orElse(false);
        } catch (HaspException e) {
            return false;
        }
    }

    /** One WARN of the outage and one INFO of its end, both naming {@code where}, and no other outage line. */
    private static void assertLoggedOnce(CapturedLogs logs, String where) {
        Timing.await("the end of the outage logged", LIVENESS, () -> outageLines(logs).stream()
                .anyMatch(line -> line.startsWith("INFO")));
        List<String> lines = outageLines(logs);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("WARN").contains("lost the connection to Redis " + where);
        assertThat(lines.get(1)).startsWith("INFO").contains("reconnected to Redis " + where).contains(" ms");
    }

    private static List<String> outageLines(CapturedLogs logs) {
        return logs.lines().stream().filter(line -> line.contains("io.hasp")
                && (line.contains("lost the connection") || line.contains("reconnected to Redis"))).toList();
    }
}
