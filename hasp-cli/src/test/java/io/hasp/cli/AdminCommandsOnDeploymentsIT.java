package io.hasp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.Hasp;
import io.hasp.Lease;
import io.hasp.testkit.RedisCluster;
import io.hasp.testkit.RedisSentinels;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code hasp inspect}, {@code list} and {@code force-release} on a Redis Cluster ({@code --redis SEEDS --cluster})
 * and through Sentinel ({@code --redis redis-sentinel://...}), and the forms they refuse. One cluster and one
 * Sentinel group serve every test; nothing here faults them.
 */
class AdminCommandsOnDeploymentsIT {
    private static final Duration CONNECT = Timing.scaled(Duration.ofSeconds(10));
    private static RedisCluster cluster;
    private static RedisSentinels sentinels;
    private static Hasp onCluster;
    private static Hasp onSentinel;
    private static String seeds;

    @BeforeAll
    static void start() {
        cluster = RedisCluster.start();
        sentinels = RedisSentinels.start();
        seeds = String.join(",", cluster.uris().subList(0, 2));
        onCluster = Hasp.builder().cluster(cluster.uris().toArray(String[]::new)).connectTimeout(CONNECT).build();
        onSentinel = Hasp.builder().uri(sentinels.uri()).connectTimeout(CONNECT).build();
    }

    @AfterAll
    static void stop() {
        onCluster.close();
        onSentinel.close();
        cluster.close();
        sentinels.close();
    }

    @BeforeEach
    void flush() {
        cluster.primaries().forEach(node -> node.command("FLUSHALL"));
        sentinels.primary().command("FLUSHALL");
    }

    @Test
    void listOnAClusterNamesTheLocksOfEveryPrimary() {
        List<String> names = oneNamePerPrimary();
        List<Lease> leases = new ArrayList<>();
        names.forEach(name -> leases.add(onCluster.lock(name).tryAcquire().orElseThrow()));

        CliRun run = CliRun.of("list", "--redis", seeds, "--cluster");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).containsExactlyInAnyOrderElementsOf(names);
        leases.forEach(Lease::close);
    }

    @Test
    void inspectAndForceReleaseOnAClusterGoToTheLocksSlot() {
        String name = oneNamePerPrimary().get(2);
        Lease stuck = onCluster.lock(name).tryAcquire().orElseThrow();

        CliRun inspect = CliRun.of("inspect", "--redis", seeds, "--cluster", name);
        assertThat(inspect.exitCode()).as(inspect.err()).isZero();
        assertThat(inspect.out()).contains("key        hasp:{" + name + "}", "token " + stuck.tokenPrefix(),
                "fence      " + stuck.fencingToken());

        CliRun release = CliRun.of("force-release", "--redis", seeds, "--cluster", name);
        assertThat(release.exitCode()).as(release.err()).isZero();
        assertThat(release.out()).contains("released lock '" + name + "'", stuck.tokenPrefix());
        assertThat(cluster.nodeForKey("hasp:{" + name + "}").command("EXISTS", "hasp:{" + name + "}")).isEqualTo(0L);
        assertThat(stuck.release()).isFalse();
    }

    @Test
    void forceReleaseOnAClusterRefusesForeignDataAndLeavesItUntouched() {
        RedisServer node = cluster.nodeForKey("hasp:{session}");
        node.command("SET", "hasp:{session}", "somebody's session");

        CliRun run = CliRun.of("force-release", "--redis", seeds, "--cluster", "session");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("refusing to force-release 'session'", "left untouched");
        assertThat(node.command("GET", "hasp:{session}")).isEqualTo("somebody's session");
    }

    @Test
    void inspectListAndForceReleaseThroughSentinelWorkOnThePrimary() {
        Lease stuck = onSentinel.lock("jobs").tryAcquire().orElseThrow();
        onSentinel.lock("reports").tryAcquire().orElseThrow();

        CliRun list = CliRun.of("list", "--redis", sentinels.uri());
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out().lines()).containsExactly("jobs", "reports");
        assertThat(CliRun.of("inspect", "--redis", sentinels.uri(), "jobs").out())
                .contains("token " + stuck.tokenPrefix());

        CliRun release = CliRun.of("force-release", "--redis", sentinels.uri(), "jobs");
        assertThat(release.exitCode()).as(release.err()).isZero();
        assertThat(release.out()).contains("released lock 'jobs'");
        assertThat(sentinels.primary().command("EXISTS", "hasp:{jobs}")).isEqualTo(0L);
    }

    @Test
    void sentinelOrClusterMixedWithRedlocksFormIsAUsageErrorWithNothingWritten() {
        String mixed = "redis://127.0.0.1:1," + sentinels.uri() + ",redis://127.0.0.1:2";
        CliRun redlockWithSentinel = CliRun.of("force-release", "--redis", mixed, "jobs");
        assertThat(redlockWithSentinel.exitCode()).isEqualTo(HaspCli.USAGE);
        assertThat(redlockWithSentinel.err().lines()).hasSize(1);
        assertThat(redlockWithSentinel.err()).contains("--redis: uris names 3 servers, one of them Sentinels");

        CliRun clusterWithSentinel = CliRun.of("list", "--redis", sentinels.uri(), "--cluster");
        assertThat(clusterWithSentinel.exitCode()).isEqualTo(HaspCli.USAGE);
        assertThat(clusterWithSentinel.err()).contains("cluster seeds must be redis:// or rediss:// nodes");

        CliRun clusterOnAPlainRedis = CliRun.of("list", "--redis", sentinels.primary().uri(), "--cluster");
        assertThat(clusterOnAPlainRedis.exitCode()).isEqualTo(HaspCli.FAILED);
        assertThat(clusterOnAPlainRedis.err().lines()).hasSize(1);
        assertThat(clusterOnAPlainRedis.err()).contains("not in cluster mode");
        assertThat(sentinels.primary().command("DBSIZE")).isEqualTo(0L);
    }

    @Test
    void passwordsAreNeverPrinted() {
        CliRun clusterRun = CliRun.of("list", "--redis", "redis://:hunter2@127.0.0.1:1", "--cluster");
        CliRun sentinelRun = CliRun.of("list", "--redis", "redis-sentinel://:hunter2@127.0.0.1:1#mymaster");
        CliRun mixedRun = CliRun.of("list", "--redis",
                "redis://:hunter2@127.0.0.1:1,redis-sentinel://:hunter2@127.0.0.1:2#m,redis://127.0.0.1:3");
        for (CliRun run : List.of(clusterRun, sentinelRun, mixedRun)) {
            assertThat(run.exitCode()).isNotZero();
            assertThat(run.err()).startsWith("hasp: ");
            assertThat(run.out() + run.err()).doesNotContain("hunter2");
        }
    }

    /** Lock names whose keys live on three different primaries. */
    private static List<String> oneNamePerPrimary() {
        List<String> names = new ArrayList<>();
        Set<Integer> covered = new HashSet<>();
        for (int i = 0; names.size() < cluster.primaries().size(); i++) {
            String name = "lock-" + i;
            if (covered.add(cluster.nodeForKey("hasp:{" + name + "}").port())) {
                names.add(name);
            }
        }
        return names;
    }
}
