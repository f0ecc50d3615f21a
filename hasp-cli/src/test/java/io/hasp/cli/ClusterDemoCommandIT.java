package io.hasp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code hasp demo --cluster} end to end: a Redis Cluster of its own, the lock's primary killed halfway through the
 * locked run, which stays exact. A class apart from {@link DemoCommandIT}, the module's longest, so that the build's
 * two test JVMs share the demos instead of one running them all.
 */
class ClusterDemoCommandIT {

    @Test
    void theClusterDemoKillsTheLockPrimaryHalfwayAndTheLockedRunStaysExact() {
        CliRun run = CliRun.of("demo", "--cluster", "--requests", "300", "--concurrency", "16", "--work", "2ms");
        assertThat(run.exitCode()).as("stdout:%n%s%nstderr:%n%s", run.out(), run.err()).isZero();
        assertThat(run.out())
                .contains("Redis Cluster of 3 primaries and 3 replicas")
                .containsPattern("run 2/2  with the lock, a primary killed .*done in")
                .containsPattern("failover: killed primary 127\\.0\\.0\\.1:\\d+ \\(serving slot \\d+, where the lock"
                        + " 'counter' lives\\) [\\d.]+ s into the run; its replica 127\\.0\\.0\\.1:\\d+ took over"
                        + " [\\d.]+ s later")
                .containsPattern("with the lock: exact across the failover\\. (\\d+) increments, \\1 distinct values,"
                        + " counter advanced by \\1;");
    }
}
