package io.hasp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.Hasp;
import io.hasp.LeaderElection;
import io.hasp.Leadership;
import io.hasp.Lease;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    @Test
    void inspectShowsTheSemaphoreReadWriteLockAndElectionOfANameByTokenPrefixOnly() throws Exception {
        Lease permits = hasp.semaphore("shared", 4).tryAcquire(3).orElseThrow();
        Lease reader = hasp.readWriteLock("shared").readLock().tryAcquire().orElseThrow();
        try (LeaderElection election = hasp.leaderElection("shared")) {
            Leadership term = election.campaign().toCompletableFuture().get(30, TimeUnit.SECONDS);
            CliRun run = CliRun.of("inspect", "--redis", redis.uri(), "shared");
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).contains("semaphore  shared", "key        hasp:{shared}:semaphore",
                    "permits    3 held of 4, 0 calls queued", "token " + permits.tokenPrefix() + "..., 3 permits",
                    "rwlock     shared", "writer     none", "readers    1", "token " + reader.tokenPrefix(),
                    "waiting    0 writers", "election   shared", "key        hasp:{shared}:leader",
                    "epoch      " + term.epoch()).doesNotContain("lock       shared");
            for (String holders : new String[] {"hasp:{shared}:semaphore", "hasp:{shared}:rw:readers"}) {
                String token = String.valueOf(((List<?>) redis.command("ZRANGE", holders, "0", "0")).get(0));
                assertThat(run.out()).doesNotContain(token);
            }
            assertThat(run.out()).doesNotContain(String.valueOf(redis.command("GET", "hasp:{shared}:leader")));
        }
        permits.close();
        reader.close();
    }

    @Test
    void listNamesTheOtherPrimitivesWithTheirKind() {
        hasp.lock("a").tryAcquire().orElseThrow();
        hasp.semaphore("pool", 2).tryAcquire(1).orElseThrow();
        hasp.readWriteLock("doc").writeLock().tryAcquire().orElseThrow();
        CliRun run = CliRun.of("list", "--redis", redis.uri());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).containsExactly("a", "semaphore pool", "rwlock doc");
    }

    @Test
    void forceReleaseOfEachKindEndsItsLeasesAndRefusesForeignData() throws Exception {
        Lease permit = hasp.semaphore("pool", 2).tryAcquire(2).orElseThrow();
        CliRun semaphore = CliRun.of("force-release", "--redis", redis.uri(), "--kind", "semaphore", "pool");
        assertThat(semaphore.exitCode()).isZero();
        assertThat(semaphore.out()).contains("ended 1 leases of semaphore 'pool'");
        assertThat(permit.release()).isFalse();
        assertThat(redis.command("GET", "hasp:{pool}:semaphore:permits")).isEqualTo("2");

        Lease write = hasp.readWriteLock("doc").writeLock().tryAcquire().orElseThrow();
        CliRun rwlock = CliRun.of("force-release", "--redis", redis.uri(), "--kind", "rwlock", "doc");
        assertThat(rwlock.out()).contains("ended 1 leases (writer and readers) of read-write lock 'doc'");
        assertThat(write.release()).isFalse();
        assertThat(CliRun.of("force-release", "--redis", redis.uri(), "--kind", "rwlock", "doc").out())
                .contains("was not held");

        try (LeaderElection election = hasp.leaderElection("jobs")) {
            election.campaign().toCompletableFuture().get(30, TimeUnit.SECONDS);
            String leader = hasp.admin().inspectElection("jobs").orElseThrow().holderTokenPrefix();
            CliRun deposed = CliRun.of("force-release", "--redis", redis.uri(), "--kind", "election", "jobs");
            assertThat(deposed.out()).contains("deposed the leader of election 'jobs' (token " + leader);
        }

        redis.command("SET", "hasp:{taken}:semaphore:counts", "somebody's");
        CliRun refused = CliRun.of("force-release", "--redis", redis.uri(), "--kind", "semaphore", "taken");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("refusing to force-release 'taken'", "hasp:{taken}:semaphore:counts",
                "left untouched");
        assertThat(redis.command("GET", "hasp:{taken}:semaphore:counts")).isEqualTo("somebody's");
        assertThat(CliRun.of("force-release", "--redis", redis.uri(), "--kind", "queue", "x").exitCode())
                .isNotZero();
    }
}
