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
        assertUsageError(CliRun.of("demo", "--work", "-5ms"), "must not be negative, got '-5ms'");
        assertUsageError(CliRun.of("demo", "--lease", "5"), "needs a unit");
    }

    @Test
    void serveChecksTheServiceFlagsBeforeStartingAnything() {
        assertUsageError(CliRun.of("serve", "--colour", "blue"), "unknown flag '--colour'");
        assertUsageError(CliRun.of("serve", "--lock-wait", "-1s"), "--lock-wait must not be negative");
        assertUsageError(CliRun.of("serve", "--redis", "localhost"), "--redis: uri must start with redis://");
    }

    @Test
    void adminCommandsRejectABadUriAndABadName() {
        assertUsageError(CliRun.of("inspect", "--redis", "localhost:6379", "x"), "uri must start with redis://");
        assertUsageError(CliRun.of("list", "--redis", "redis://127.0.0.1:1/", "--limit", "x"), "--limit");
    }

    @Test
    void benchSaysHowToBuildItsJarWhenMissing(@TempDir Path home) {
        String before = System.getProperty(BenchCommand.HOME_PROPERTY);
        System.setProperty(BenchCommand.HOME_PROPERTY, home.toString());
        try {
            CliRun run = CliRun.of("bench", "--anything");
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("hasp-bench.jar is missing", "mvn -B -DskipTests package");
        } finally {
            if (before == null) {
                System.clearProperty(BenchCommand.HOME_PROPERTY);
            } else {
                System.setProperty(BenchCommand.HOME_PROPERTY, before);
            }
        }
    }

    @Test
    void helpListsTheSubcommands() {
        CliRun run = CliRun.of("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("demo", "serve", "inspect", "list", "force-release", "bench");
    }
}
