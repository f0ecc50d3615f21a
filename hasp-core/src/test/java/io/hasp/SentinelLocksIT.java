package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.testkit.RedisSentinels;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every lock form on one shared Sentinel group (1 primary, 2 replicas, 3 Sentinels), and its bad inputs. */
class SentinelLocksIT extends DeploymentLocksContract {
    private static RedisSentinels group;
    private static RedisServer store;

    @BeforeAll
    static void startGroup() {
        group = RedisSentinels.start();
        store = RedisServer.start();
    }

    @AfterAll
    static void stopGroup() {
        store.close();
        group.close();
    }

    @Override
    Hasp connect() {
        return Hasp.connect(group.uri());
    }

    @Override
    RedisServer nodeFor(String key) {
        return group.primary();
    }

    @Override
    RedisServer store() {
        return store;
    }

    @Test
    void theBuilderTakesTheSentinelUriAndWorksOnThePrimary() {
        try (Hasp hasp = Hasp.builder().uri(group.uri()).namespace("built:").build();
             Lease lease = hasp.lock("via-builder").tryAcquire().orElseThrow()) {
            assertThat(group.primary().command("GET", "built:{via-builder}")).asString().startsWith("hasp");
            assertThat(lease.isValid()).isTrue();
        }
    }

    @Test
    void anAclUserWithTheDocumentedRulesRunsEveryLockFormOnTheSentinelsPrimary() throws Exception {
        String base = MinimalAclIT.readmeAclLines().get(0);
        for (RedisServer node : group.dataNodes()) {
            node.command(base.split("\\s+"));
            node.command("ACL", "SETUSER", "hasp", "+wait"); // replicaAcks, as documented
        }
        String sentinelRules = MinimalAclIT.readmeAclLines().stream().filter(l -> l.contains("+@all"))
                .findFirst().orElseThrow();
        for (RedisServer sentinel : group.sentinels()) {
            sentinel.command(sentinelRules.split("\\s+"));
        }
        String uri = group.uri().replace("redis-sentinel://", "redis-sentinel://hasp:secret@");
        try (Hasp holder = Hasp.connect(uri); Hasp waiter = Hasp.connect(uri)) {
            Lease lease = holder.lock("acl", MessageOnlyOptions.get()).tryAcquire().orElseThrow();
            CompletableFuture<Lease> waiting = waiter.lock("acl", MessageOnlyOptions.get())
                    .acquireAsync(Duration.ofMinutes(1));
            Timing.await("the waiter registered", Duration.ofSeconds(10),
                    () -> (Long) group.primary().command("ZCARD", "hasp:{acl}:waiters") == 1);
            assertThat(lease.release()).isTrue();
            waiting.get(Timing.scaled(Duration.ofSeconds(10)).toMillis(), TimeUnit.MILLISECONDS).close();

            fairHandOffAndAckedGrantWork(holder, waiter);
        } finally {
            group.dataNodes().forEach(node -> node.command("ACL", "DELUSER", "hasp"));
            group.sentinels().forEach(sentinel -> sentinel.command("ACL", "DELUSER", "hasp"));
        }
    }

    @Test
    void anUnknownMasterNameIsRefusedAndNothingIsWritten() {
        long keysBefore = (Long) group.primary().command("DBSIZE");
        assertThatThrownBy(() -> Hasp.connect(group.uri("nosuchmaster")))
                .isInstanceOf(HaspException.class)
                .hasMessageContaining("no Sentinel named a primary for master 'nosuchmaster'");
        assertThat(group.primary().command("DBSIZE")).isEqualTo(keysBefore);
    }

    @Test
    void unreachableSentinelsAreReportedByName() {
        int closedPort;
        try (RedisServer gone = RedisServer.start()) {
            closedPort = gone.port();
        }
        assertThatThrownBy(() -> Hasp.connect("redis-sentinel://127.0.0.1:" + closedPort + "#mymaster"))
                .isInstanceOf(HaspException.class).hasMessageContaining("127.0.0.1:" + closedPort)
                .hasMessageContaining("mymaster");
    }

    @Test
    void aSentinelUriDoesNotMixWithRedlocksSeveralUris() {
        assertThatThrownBy(() -> Hasp.connect(group.uri(), store.uri(), "redis://127.0.0.1:1"))
                .isInstanceOf(HaspArgumentException.class).hasMessageContaining("Sentinel")
                .hasMessageContaining("Redlock");
        assertThatThrownBy(() -> Hasp.connect(group.uri(), store.uri()))
                .isInstanceOf(HaspArgumentException.class).hasMessageContaining("Sentinel");
    }
}
