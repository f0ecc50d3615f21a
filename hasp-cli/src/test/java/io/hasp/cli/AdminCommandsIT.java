package io.hasp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.Hasp;
import io.hasp.Lease;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.Timing;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code hasp inspect}, {@code list} and {@code force-release} against a real Redis. */
class AdminCommandsIT {
    private static RedisServer redis;
    private static Hasp hasp;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        hasp = Hasp.builder().uri(redis.uri()).connectTimeout(Timing.scaled(Duration.ofSeconds(10))).build();
    }

    @AfterAll
    static void stop() {
        hasp.close();
        redis.close();
    }

    @BeforeEach
    void flush() {
        redis.command("FLUSHALL");
    }

    @Test
    void inspectShowsTheHolderAndFence() {
        try (Lease lease = hasp.lock("orders").tryAcquire().orElseThrow()) {
            CliRun run = CliRun.of("inspect", "--redis", redis.uri(), "orders");
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).contains("key        hasp:{orders}", "token " + lease.tokenPrefix(),
                    "lease ends in", "fence      " + lease.fencingToken());
        }
        assertThat(CliRun.of("inspect", "--redis", redis.uri(), "orders").out()).contains("none (free)");
        assertThat(CliRun.of("inspect", "--redis", redis.uri(), "unknown").out()).contains("nothing in Redis");
    }

    @Test
    void listPrintsOneNamePerLine() {
        hasp.lock("a").tryAcquire().orElseThrow();
        hasp.lock("b").tryAcquire().orElseThrow();
        CliRun run = CliRun.of("list", "--redis", redis.uri());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).containsExactly("a", "b");
        assertThat(CliRun.of("list", "--redis", redis.uri(), "--namespace", "other:").err()).contains("no locks");
    }

    @Test
    void listEscapesWhatCouldSplitALineOrDriveTheTerminal() {
        hasp.lock("a").tryAcquire().orElseThrow();
        redis.command("SET", "hasp:{evil\nname}", "x");
        redis.command("SET", "hasp:{\u001b[2J\u001b[31mred}", "x");
        CliRun run = CliRun.of("list", "--redis", redis.uri());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).containsExactly("a");
        assertThat(run.err().lines()).hasSize(2)
                .anySatisfy(line -> assertThat(line).contains("hasp:{evil\\nname}"))
                .anySatisfy(line -> assertThat(line).contains("hasp:{\\x1b[2J\\x1b[31mred}"));
        assertThat(run.out() + run.err()).doesNotContain("\u001b").doesNotContain("evil\n");
    }

    @Test
    void forceReleaseBreaksAHeldLock() {
        Lease stuck = hasp.lock("jobs").tryAcquire().orElseThrow();
        CliRun run = CliRun.of("force-release", "--redis", redis.uri(), "jobs");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("released lock 'jobs'", stuck.tokenPrefix());
        assertThat(redis.command("EXISTS", "hasp:{jobs}")).isEqualTo(0L);
        assertThat(stuck.release()).isFalse();
        assertThat(CliRun.of("force-release", "--redis", redis.uri(), "jobs").out()).contains("was not held");
    }

    @Test
    void forceReleaseRefusesForeignDataAndLeavesItUntouched() {
        redis.command("SET", "hasp:{session}", "somebody's session");
        CliRun run = CliRun.of("force-release", "--redis", redis.uri(), "session");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("refusing to force-release 'session'", "data Hasp did not write",
                "left untouched");
        assertThat(redis.command("GET", "hasp:{session}")).isEqualTo("somebody's session");
        assertThat(CliRun.of("inspect", "--redis", redis.uri(), "session").out()).contains("data Hasp did not write");
    }

    @Test
    void anUnreachableRedisIsOneLineAndExitCodeOne() {
        CliRun run = CliRun.of("list", "--redis", "redis://127.0.0.1:1");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).startsWith("hasp: ");
    }
}
