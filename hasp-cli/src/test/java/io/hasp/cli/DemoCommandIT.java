package io.hasp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisNodes;
import io.hasp.testkit.RedisServer;
import org.junit.jupiter.api.Test;

/**
 * {@code hasp demo} end to end with small numbers: an embedded Redis, 3 instance processes, both runs, the table, and
 * exit code 0 because the locked run is exact. The cluster demo is {@link ClusterDemoCommandIT}.
 */
class DemoCommandIT {

    @Test
    void theDemoPrintsBothRunsAndExitsZeroWhenTheLockedRunIsExact() {
        CliRun run = CliRun.of("demo", "--requests", "200", "--concurrency", "16", "--work", "2ms");
        assertThat(run.exitCode()).as("stdout:%n%s%nstderr:%n%s", run.out(), run.err()).isZero();
        assertThat(run.out())
                .contains("3 instances, 200 requests per run at concurrency 16, 2ms of work")
                .contains("embedded redis-server")
                .containsPattern("run 1/2 .*done in")
                .containsPattern("run 2/2 .*done in")
                .containsPattern("without lock\\s+with lock")
                .containsPattern("requests\\s+200\\s+200")
                .containsPattern("successes\\s+200\\s+200")
                .containsPattern("lost updates\\s+\\d+\\s+0\\n")
                .containsPattern("duplicate values\\s+\\d+\\s+0\\n")
                .containsPattern("counter advanced by\\s+\\d+\\s+200\\n")
                .containsPattern("p99 latency \\(ms\\)\\s+[\\d.]+\\s+[\\d.]+")
                .contains("with the lock: exact. 200 increments, 200 distinct values");
    }

    @Test
    void clusterAndRedisTogetherAreRefused() {
        CliRun run = CliRun.of("demo", "--cluster", "--redis", "redis://127.0.0.1:1");
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("--cluster starts a cluster of its own");
    }

    @Test
    void aRedisPasswordIsNeverPrinted() {
        String secret = "s3cret-pw";
        try (RedisServer redis = RedisServer.start()) {
            redis.command("CONFIG", "SET", "requirepass", secret);
            CliRun run = CliRun.of("demo", "--redis", "redis://:" + secret + "@127.0.0.1:" + redis.port(),
                    "--requests", "40", "--concurrency", "4", "--instances", "2", "--work", "1ms");
            assertThat(run.exitCode()).as("stdout:%n%s%nstderr:%n%s", run.out(), run.err()).isZero();
            assertThat(run.out()).contains("redis:     redis://:***@127.0.0.1:" + redis.port())
                    .contains("with the lock: exact. 40 increments");
            assertThat(run.out() + run.err()).doesNotContain(secret);
        }
    }

    @Test
    void severalRedisUrisRunTheDemoOnARedlockAndStayExact() {
        try (RedisNodes nodes = RedisNodes.start(3)) {
            CliRun run = CliRun.of("demo", "--redis", String.join(",", nodes.uris()), "--requests", "100",
                    "--concurrency", "8", "--work", "2ms");
            assertThat(run.exitCode()).as("stdout:%n%s%nstderr:%n%s", run.out(), run.err()).isZero();
            assertThat(run.out()).contains("with the lock: exact. 100 increments, 100 distinct values");
        }
    }
}
