package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.testkit.RedisCluster;
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
 * A password changed on the server while a client is connected: the connection lives on until it drops, then every
 * reconnect is refused. Calls said only that Redis did not answer ("Currently not connected"), and a waiting acquire
 * retried for its whole wait; now they fail with {@link RedisAuthenticationException} naming the redacted URI, and
 * the refusal is logged once however many reconnects Lettuce makes. On a Redlock client the nodes' failures say so.
 */
class PasswordChangedWhileConnectedIT {
    @RegisterExtension
    static final RedisServerExtension REDIS_PER_TEST = RedisServerExtension.perTest();

    @RegisterExtension
    static final RedisServerExtension NODES_PER_TEST = RedisServerExtension.perTest().nodes(3);

    private static final String SECRET = "pw-R3c0n-secret";
    private static final String CHANGED = "pw-R3c0n-changed";
    private static final LockOptions LONG_LEASE = LockOptions.builder().leaseTime(Duration.ofMinutes(2)).build();
    private static final Duration BOUND = Timing.scaled(Duration.ofSeconds(20));

    @Test
    void callsAfterAReconnectRefusedForAChangedPasswordSaySoAndItIsLoggedOnce(RedisServer redis) {
        redis.command("ACL", "SETUSER", "hasp", "on", ">" + SECRET, "~*", "&*", "+@all");
        String redacted = "redis://hasp:***@127.0.0.1:" + redis.port();
        try (CapturedLogs logs = new CapturedLogs();
                Hasp hasp = Hasp.builder().uri("redis://hasp:" + SECRET + "@127.0.0.1:" + redis.port())
                        .connectTimeout(BOUND).build()) {
            Lease held = hasp.lock("held", LONG_LEASE).tryAcquire().orElseThrow();
            redis.command("ACL", "SETUSER", "hasp", "resetpass", ">" + CHANGED);
            redis.command("CLIENT", "KILL", "USER", "hasp");
            // Five refused reconnects, counted by the server: a log line per reconnect would show by then.
            Timing.await("five reconnects refused", BOUND, () -> deniedAuthentications(redis) >= 5);

            assertThatThrownBy(() -> hasp.lock("other").tryAcquire(BOUND)) // not retried for the whole wait
                    .isInstanceOf(RedisAuthenticationException.class)
                    .hasMessageContaining(redacted).hasMessageContaining("WRONGPASS");
            assertThatThrownBy(held::release).isInstanceOf(RedisAuthenticationException.class)
                    .hasMessageContaining(redacted);
            assertThat(logs.lines()).filteredOn(line -> line.startsWith("WARN io.hasp.internal.ReconnectRefusal "))
                    .hasSize(1).allMatch(line -> line.contains(redacted));
            assertThat(logs.lines()).noneMatch(line -> line.contains(SECRET) || line.contains(CHANGED));

            // Once Redis takes the credentials again, so do calls.
            redis.command("ACL", "SETUSER", "hasp", "resetpass", ">" + SECRET);
            Timing.await("calls working again", BOUND, () -> {
                try {
                    return hasp.lock("back").tryAcquire().map(Lease::release).orElse(false);
                } catch (HaspException stillRefused) {
                    return false;
                }
            });
            assertThat(held.release()).isTrue();
        }
    }

    @Test
    void aFairAcquireFailsAtOnceWhenAReconnectWasRefusedForAChangedPassword(RedisServer redis)
            throws InterruptedException {
        redis.command("ACL", "SETUSER", "hasp", "on", ">" + SECRET, "~*", "&*", "+@all");
        try (CapturedLogs logs = new CapturedLogs();
                Hasp hasp = Hasp.builder().uri("redis://hasp:" + SECRET + "@127.0.0.1:" + redis.port())
                        .connectTimeout(BOUND).build()) {
            hasp.fairLock("warm").tryAcquire(BOUND).orElseThrow().release();
            redis.command("ACL", "SETUSER", "hasp", "resetpass", ">" + CHANGED);
            redis.command("CLIENT", "KILL", "USER", "hasp");
            Timing.await("three reconnects refused", BOUND, () -> deniedAuthentications(redis) >= 3);

            // It retried for its whole wait, then said only that Redis did not answer.
            assertThatThrownBy(() -> hasp.fairLock("other").tryAcquire(BOUND))
                    .isInstanceOf(RedisAuthenticationException.class)
                    .hasMessageContaining("redis://hasp:***@127.0.0.1:" + redis.port())
                    .hasMessageContaining("WRONGPASS");
            assertThat(logs.lines()).noneMatch(line -> line.contains(SECRET) || line.contains(CHANGED));
        }
    }

    @Test
    void aRedlockAcquireNamesTheNodesThatRefusedAReconnect(RedisNodes nodes) throws InterruptedException {
        List<String> uris = new ArrayList<>();
        for (RedisServer node : nodes.nodes()) {
            node.command("ACL", "SETUSER", "hasp", "on", ">" + SECRET, "~*", "&*", "+@all");
            uris.add("redis://hasp:" + SECRET + "@127.0.0.1:" + node.port());
        }
        try (CapturedLogs logs = new CapturedLogs();
                Hasp hasp = Hasp.builder().uris(uris.toArray(String[]::new)).connectTimeout(BOUND)
                        .redlock(RedlockOptions.builder().nodeTimeout(RedlockClients.NODE_TIMEOUT).build()).build()) {
            hasp.lock("warm").tryAcquire(BOUND).orElseThrow().release();
            for (RedisServer node : nodes.nodes()) {
                node.command("ACL", "SETUSER", "hasp", "resetpass", ">" + CHANGED);
                node.command("CLIENT", "KILL", "USER", "hasp");
            }
            for (RedisServer node : nodes.nodes()) {
                Timing.await("three reconnects refused by " + node.port(), BOUND,
                        () -> deniedAuthentications(node) >= 3);
            }
            assertThatThrownBy(() -> hasp.lock("other").tryAcquire())
                    .isInstanceOf(RedisUnavailableException.class)
                    .hasMessageContaining("redis://hasp:***@127.0.0.1:" + nodes.node(0).port() + " refused"
                            + " authentication on reconnect (WRONGPASS");
            for (RedisServer node : nodes.nodes()) {
                assertThat(logs.lines()).filteredOn(line -> line.startsWith("WARN io.hasp.internal.ReconnectRefusal ")
                        && line.contains("127.0.0.1:" + node.port() + " ")).hasSize(1);
            }
            assertThat(logs.lines()).noneMatch(line -> line.contains(SECRET) || line.contains(CHANGED));
        }
    }

    @Test
    void aClusterClientWhoseNodeRefusesAReconnectSaysSoAndLogsItOnce() throws InterruptedException {
        try (RedisCluster cluster = RedisCluster.start()) {
            for (RedisServer node : cluster.nodes()) {
                node.command("ACL", "SETUSER", "hasp", "on", ">" + SECRET, "~*", "&*", "+@all");
            }
            String seed = "redis://hasp:" + SECRET + "@127.0.0.1:" + cluster.node(0).port();
            try (CapturedLogs logs = new CapturedLogs();
                    Hasp hasp = Hasp.builder().cluster(seed).connectTimeout(BOUND).build()) {
                String name = "refused";
                RedisServer owner = cluster.nodeForKey("hasp:{" + name + "}");
                hasp.lock(name).tryAcquire().orElseThrow().release(); // the connection to the lock's node is open
                for (RedisServer node : cluster.nodes()) {
                    node.command("ACL", "SETUSER", "hasp", "resetpass", ">" + CHANGED);
                    node.command("CLIENT", "KILL", "USER", "hasp");
                }
                Timing.await("five reconnects refused by the lock's node", BOUND,
                        () -> deniedAuthentications(owner) >= 5);

                // It retried for its whole wait, then said only that Redis did not answer.
                assertThatThrownBy(() -> hasp.lock(name).tryAcquire(BOUND))
                        .isInstanceOf(RedisAuthenticationException.class)
                        .hasMessageContaining("redis://hasp:***@127.0.0.1:").hasMessageContaining("WRONGPASS");
                assertThat(logs.lines())
                        .filteredOn(line -> line.startsWith("WARN io.hasp.internal.ReconnectRefusal ")
                                && line.contains("redis://hasp:***@127.0.0.1:" + owner.port() + " "))
                        .hasSize(1);
                assertThat(logs.lines()).noneMatch(line -> line.contains(SECRET) || line.contains(CHANGED));

                // Once the nodes take the credentials again, so do calls.
                for (RedisServer node : cluster.nodes()) {
                    node.command("ACL", "SETUSER", "hasp", "resetpass", ">" + SECRET);
                }
                Timing.await("calls working again", BOUND, () -> {
                    try {
                        return hasp.lock(name).tryAcquire().map(Lease::release).orElse(false);
                    } catch (HaspException stillRefused) {
                        return false;
                    }
                });
                assertThat(logs.lines()).anyMatch(line -> line.startsWith("INFO io.hasp.internal.ReconnectRefusal ")
                        && line.contains("127.0.0.1:" + owner.port() + " accepts the client's credentials again"));
            }
        }
    }

    /**
     * One node of a cluster refuses the client's credentials; another, which accepts them, falls silent. A call to the
     * silent node's slot fails for want of an answer, and was told the other node's refusal (a failed call does not
     * say which node it went to): a password problem where there is none. Now a call is told a refusal only when
     * its slot is served by a node that refuses.
     */
    @Test
    void aClusterCallToANodeThatAcceptsTheCredentialsIsNotToldAnotherNodesRefusal() throws InterruptedException {
        try (RedisCluster cluster = RedisCluster.start()) {
            for (RedisServer node : cluster.nodes()) {
                node.command("ACL", "SETUSER", "hasp", "on", ">" + SECRET, "~*", "&*", "+@all");
            }
            String refusedName = "refused";
            RedisServer refusing = cluster.nodeForKey("hasp:{" + refusedName + "}");
            String silentName = nameServedElsewhere(cluster, refusing);
            RedisServer silent = cluster.nodeForKey("hasp:{" + silentName + "}");
            String seed = "redis://hasp:" + SECRET + "@127.0.0.1:" + cluster.node(0).port();
            try (Hasp hasp = Hasp.builder().cluster(seed).connectTimeout(BOUND)
                    .commandTimeout(Timing.scaled(Duration.ofMillis(500))).build()) {
                // The connections to both nodes are open.
                hasp.lock(refusedName).tryAcquire().orElseThrow().release();
                hasp.lock(silentName).tryAcquire().orElseThrow().release();
                refusing.command("ACL", "SETUSER", "hasp", "resetpass", ">" + CHANGED);
                refusing.command("CLIENT", "KILL", "USER", "hasp");
                Timing.await("three reconnects refused by the refusing node", BOUND,
                        () -> deniedAuthentications(refusing) >= 3);

                silent.pause();
                try {
                    assertThatThrownBy(() -> hasp.lock(silentName).tryAcquire())
                            .isInstanceOf(RedisUnavailableException.class)
                            .hasMessageNotContaining("refused authentication");
                } finally {
                    silent.resume();
                }
                assertThatThrownBy(() -> hasp.lock(refusedName).tryAcquire())
                        .isInstanceOf(RedisAuthenticationException.class)
                        .hasMessageContaining("127.0.0.1:" + refusing.port() + " refused authentication");
            }
        }
    }

    /** A lock name whose slot a node other than {@code avoided} serves. */
    private static String nameServedElsewhere(RedisCluster cluster, RedisServer avoided) {
        for (int i = 0; ; i++) {
            String name = "elsewhere-" + i;
            if (cluster.nodeForKey("hasp:{" + name + "}").port() != avoided.port()) {
                return name;
            }
        }
    }

    /** Failed authentications the server logged (ACL LOG merges repeats into one entry with a count). */
    private static long deniedAuthentications(RedisServer redis) {
        long denied = 0;
        for (Object entry : (List<?>) redis.command("ACL", "LOG")) {
            List<?> fields = (List<?>) entry;
            int reason = fields.indexOf("reason");
            int count = fields.indexOf("count");
            if (reason >= 0 && "auth".equals(fields.get(reason + 1)) && count >= 0) {
                denied += Long.parseLong(String.valueOf(fields.get(count + 1)));
            }
        }
        return denied;
    }
}
