package io.hasp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage errors exit with 2 and one line; nothing is started for them. */
class HaspCliTest {

    private static void assertUsageError(CliRun run, String message) {
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).startsWith("hasp: ").contains(message);
    }

    @Test
    void unknownCommandOrFlag() {
        assertUsageError(CliRun.of("frobnicate"), "frobnicate");
        assertUsageError(CliRun.of("demo", "--bogus"), "--bogus");
        assertUsageError(CliRun.of("inspect"), "NAME");
    }

    @Test
    void demoValuesAreChecked() {
        assertUsageError(CliRun.of("demo", "--requests", "0"), "--requests must be from 1");
        assertUsageError(CliRun.of("demo", "--concurrency", "many"), "--concurrency");
        assertUsageError(CliRun.of("demo", "--work", "-5ms"), "'--work': must not be negative, got '-5ms'");
        assertUsageError(CliRun.of("demo", "--lease", "5"), "needs a unit");
    }

    @Test
    void serveChecksTheServiceFlagsBeforeStartingAnything() {
        assertUsageError(CliRun.of("serve", "--colour", "blue"), "Unknown options: '--colour', 'blue'");
        assertUsageError(CliRun.of("serve", "--lock-wait", "-1s"), "'--lock-wait': must not be negative");
        assertUsageError(CliRun.of("serve", "--threads", "0"), "--threads must be from 1 to 1000, got 0");
        assertUsageError(CliRun.of("serve", "--redis", "localhost"), "--redis: uri must start with redis://");
        assertUsageError(CliRun.of("serve", "--cluster"), "--cluster needs --redis (or REDIS_URL)");
        assertUsageError(CliRun.of("serve", "--cluster", "--redis", "redis-sentinel://127.0.0.1:1,127.0.0.1:2#m"),
                "--redis: cluster seeds must be redis:// or rediss:// nodes of the cluster, got a Sentinel URI");
        assertUsageError(CliRun.of("serve", "--redis", "redis://127.0.0.1:1,redis-sentinel://127.0.0.1:2#m,"
                + "redis://127.0.0.1:3"), "--redis: uris names 3 servers, one of them Sentinels (master 'm')");
    }

    @Test
    void adminCommandsRejectABadUriAndABadName() {
        assertUsageError(CliRun.of("inspect", "--redis", "localhost:6379", "x"), "uri must start with redis://");
        assertUsageError(CliRun.of("list", "--redis", "redis://127.0.0.1:1/", "--limit", "x"), "--limit");
    }

    @Test
    void benchAndFaultsSayHowToBuildTheirJarWhenMissing(@TempDir Path home) {
        String before = System.getProperty(JavaProcesses.HOME_PROPERTY);
        System.setProperty(JavaProcesses.HOME_PROPERTY, home.toString());
        try {
            CliRun bench = CliRun.of("bench", "--anything");
            assertThat(bench.exitCode()).isEqualTo(1);
            assertThat(bench.err()).contains("hasp-bench.jar is missing", "mvn -B -DskipTests package");
            CliRun faults = CliRun.of("faults", "--duration", "10m");
            assertThat(faults.exitCode()).isEqualTo(1);
            assertThat(faults.err()).contains("fault suite", "hasp-faults", "is missing", "mvn -B -DskipTests package");
        } finally {
            if (before == null) {
                System.clearProperty(JavaProcesses.HOME_PROPERTY);
            } else {
                System.setProperty(JavaProcesses.HOME_PROPERTY, before);
            }
        }
    }

    @Test
    void aPasswordInARedisUriNeverReachesTheTerminal() {
        String secret = "s3cret-pw";
        for (CliRun run : new CliRun[] {
            CliRun.of("inspect", "--redis", "redis://:" + secret + "@127.0.0.1:99999", "x"),
            CliRun.of("list", "--redis", "redis://alice:" + secret + "@127.0.0.1:1"),
            CliRun.of("force-release", "--redis", "redis://:" + secret + "@127.0.0.1:1/x", "x"),
            CliRun.of("serve", "--redis", "redis://:" + secret + "@127.0.0.1:99999"),
            CliRun.of("serve", "--cluster", "--redis", "redis://:" + secret + "@127.0.0.1:99999"),
            CliRun.of("serve", "--redis", "redis-sentinel://:" + secret + "@127.0.0.1:99999,127.0.0.1:2#m"),
            CliRun.of("list", "--cluster", "--redis", "redis://:" + secret + "@127.0.0.1:1,redis://127.0.0.1:1"),
            CliRun.of("demo", "--redis", "redis://:" + secret + "@127.0.0.1:99999"),
            CliRun.of("demo", "--redis", "redis://:" + secret + "@127.0.0.1:1", "--bogus")}) {
            assertThat(run.exitCode()).isNotZero();
            assertThat(run.err()).startsWith("hasp: ").doesNotContain(secret);
            assertThat(run.out()).doesNotContain(secret);
        }
    }

    @Test
    void durationsInMessagesReadAsTheUserWroteThem() {
        assertUsageError(CliRun.of("demo", "--lease", "1ms"), "--lease must be at least 10ms, got 1ms");
        assertUsageError(CliRun.of("serve", "--lease", "1ms"), "--lease must be at least 10ms, got 1ms");
    }

    @Test
    void helpListsTheSubcommands() {
        CliRun run = CliRun.of("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("demo", "serve", "inspect", "list", "force-release", "bench", "faults");
    }
}
