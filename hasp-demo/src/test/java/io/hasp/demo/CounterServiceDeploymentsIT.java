package io.hasp.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisCluster;
import io.hasp.testkit.RedisSentinels;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The counter service on a Redis Cluster ({@code --redis SEEDS --cluster}) and on a Sentinel-watched primary
 * ({@code --redis redis-sentinel://...}): two instances behind the lock keep the counter exact, the counter living
 * on the same deployment.
 */
class CounterServiceDeploymentsIT {

    @Test
    void onAClusterEveryValueIsHandedOutExactlyOnce() throws Exception {
        try (RedisCluster cluster = RedisCluster.start()) {
            String seeds = String.join(",", cluster.uris().subList(0, 2));
            assertExact(seeds, "--cluster");
            assertThat(cluster.nodeForKey(CounterStore.COUNTER_KEY).command("GET", CounterStore.COUNTER_KEY))
                    .as("the counter lives on the cluster").isEqualTo("60");
        }
    }

    @Test
    void onASentinelWatchedPrimaryEveryValueIsHandedOutExactlyOnce() throws Exception {
        try (RedisSentinels group = RedisSentinels.start()) {
            assertExact(group.uri());
            assertThat(group.primary().command("GET", CounterStore.COUNTER_KEY))
                    .as("the counter lives on the primary").isEqualTo("60");
        }
    }

    private static void assertExact(String redis, String... flags) throws Exception {
        try (Instances instances = Instances.start(2, redis, Duration.ofMillis(2), flags)) {
            LoadReport report = new LoadDriver().run(LoadPlan.of(instances.uris(), 60, 8, false),
                    LoadDriver.Progress.NONE);
            assertThat(report.errorsByKind()).isEmpty();
            assertThat(report.successes()).isEqualTo(60);
            assertThat(report.counterAdvance()).isEqualTo(60);
            assertThat(report.lostUpdates()).isZero();
            assertThat(report.duplicateValues()).isZero();
            assertThat(report.exact()).isTrue();
        }
    }
}
