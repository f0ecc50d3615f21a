package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Operator tools: inspect, list and force-release, which never touch data Hasp did not write. */
class LockAdminIT extends OneRedisPerClass {
    @Test
    void inspectShowsTheHolderPrefixTtlAndFenceOfAHeldLock() {
        try (Lease lease = hasp.lock("orders").tryAcquire().orElseThrow()) {
            LockInfo info = hasp.admin().inspect("orders").orElseThrow();
            assertThat(info.name()).isEqualTo("orders");
            assertThat(info.key()).isEqualTo("hasp:{orders}");
            assertThat(info.held()).isTrue();
            assertThat(info.holderTokenPrefix()).isEqualTo(lease.tokenPrefix());
            assertThat(info.remainingTtl()).hasValueSatisfying(ttl -> assertThat(ttl)
                    .isGreaterThan(Duration.ZERO).isLessThanOrEqualTo(hasp.defaultOptions().leaseTime()));
            assertThat(info.fence()).hasValue(lease.fencingToken());
            assertThat(info.foreignData()).isFalse();
        }
    }

    @Test
    void inspectOfAReleasedLockShowsOnlyTheFenceAndOfAnUnknownLockNothing() {
        long fence;
        try (Lease lease = hasp.lock("orders").tryAcquire().orElseThrow()) {
            fence = lease.fencingToken();
        }
        LockInfo info = hasp.admin().inspect("orders").orElseThrow();
        assertThat(info.held()).isFalse();
        assertThat(info.holderTokenPrefix()).isEmpty();
        assertThat(info.remainingTtl()).isEmpty();
        assertThat(info.fence()).hasValue(fence);
        assertThat(hasp.admin().inspect("never-used")).isEmpty();
    }

    @Test
    void inspectFlagsForeignDataWithoutShowingIt() {
        redis.command("SET", "hasp:{session}", "somebody's secret");
        redis.command("HSET", "hasp:{cart}", "item", "1");
        LockInfo string = hasp.admin().inspect("session").orElseThrow();
        assertThat(string.foreignData()).isTrue();
        assertThat(string.held()).isFalse();
        assertThat(string.toString()).doesNotContain("secret");
        assertThat(hasp.admin().inspect("cart").orElseThrow().foreignData()).isTrue();
    }

    @Test
    void inspectSaysForeignWhereverAnAcquireWouldBeRefused() {
        redis.command("SET", "hasp:{f1}:fence", "not a number");
        redis.command("SET", "hasp:{f2}:fence", "12abc");
        redis.command("SET", "hasp:{f3}:fence", "99999999999999999999");
        redis.command("SET", "hasp:{w}:waiters", "not a registry");
        redis.command("HSET", "hasp:{q}:queue", "a", "1");
        for (String name : new String[] {"f1", "f2", "f3", "w"}) {
            assertThat(hasp.admin().inspect(name)).as(name).hasValueSatisfying(info -> {
                assertThat(info.foreignData()).isTrue();
                assertThat(info.fence()).isEmpty();
            });
            assertThatThrownBy(() -> hasp.lock(name).tryAcquire()).as(name).isInstanceOf(KeyConflictException.class);
        }
        assertThat(hasp.admin().inspect("q").orElseThrow().foreignData()).isTrue();
        assertThatThrownBy(() -> hasp.fairLock("q").tryAcquire()).isInstanceOf(KeyConflictException.class);
    }

    @Test
    void forceReleaseDeletesAHeldLockAndKeepsTheFenceIncreasing() throws InterruptedException {
        Lease stuck = hasp.lock("jobs").acquire(Duration.ofSeconds(1));
        assertThat(hasp.admin().forceRelease("jobs")).isTrue();
        assertThat(redis.command("EXISTS", "hasp:{jobs}")).isEqualTo(0L);
        assertThat(redis.command("EXISTS", "hasp:{jobs}:fence")).isEqualTo(1L);
        try (Lease next = hasp.lock("jobs").tryAcquire().orElseThrow()) {
            assertThat(next.fencingToken()).isGreaterThan(stuck.fencingToken());
            assertThat(stuck.release()).isFalse();
            assertThat(hasp.admin().inspect("jobs").orElseThrow().holderTokenPrefix()).isEqualTo(next.tokenPrefix());
        }
    }

    @Test
    void forceReleaseOfAFreeLockReportsFalse() {
        assertThat(hasp.admin().forceRelease("idle")).isFalse();
    }

    @Test
    void forceReleaseRefusesForeignDataAndLeavesItUntouched() {
        redis.command("SET", "hasp:{session}", "somebody's session", "PX", "60000");
        redis.command("LPUSH", "hasp:{queue}", "job");
        assertThatThrownBy(() -> hasp.admin().forceRelease("session")).isInstanceOf(KeyConflictException.class)
                .hasMessageContaining("hasp:{session}").hasMessageContaining("untouched");
        assertThatThrownBy(() -> hasp.admin().forceRelease("queue")).isInstanceOf(KeyConflictException.class)
                .hasMessageContaining("list");
        assertThat(redis.command("GET", "hasp:{session}")).isEqualTo("somebody's session");
        assertThat((Long) redis.command("PTTL", "hasp:{session}")).isGreaterThan(50_000L);
        assertThat(redis.command("LLEN", "hasp:{queue}")).isEqualTo(1L);
    }

    @Test
    void listFindsLockKeysOfTheNamespaceOnlyAndHonoursTheLimit() {
        for (int i = 0; i < 30; i++) {
            hasp.lock("job-" + i).tryAcquire().orElseThrow();
        }
        redis.command("SET", "other:{x}", "y");
        redis.command("SET", "hasp:plain", "y");
        assertThat(hasp.admin().list(1000)).hasSize(30).contains("job-0", "job-29").isSorted()
                .noneMatch(name -> name.contains("fence"));
        assertThat(hasp.admin().list(5)).hasSize(5);
    }

    @Test
    void listTakesGlobCharactersInTheNamespaceLiterally() {
        try (Hasp starred = Hasp.builder().uri(redis.uri()).namespace("t*:").build()) {
            starred.lock("mine").tryAcquire().orElseThrow();
            redis.command("SET", "tx:{theirs}", "hasp1:0123456789abcdef0123456789abcdef");
            assertThat(starred.admin().list(100)).containsExactly("mine");
        }
    }

    @Test
    void badArgumentsFailBeforeReachingRedis() {
        assertThatThrownBy(() -> hasp.admin().inspect("a{b}")).isInstanceOf(HaspArgumentException.class)
                .hasMessageContaining("a{b}");
        assertThatThrownBy(() -> hasp.admin().forceRelease(" ")).isInstanceOf(HaspArgumentException.class);
        assertThatThrownBy(() -> hasp.admin().list(0)).isInstanceOf(HaspArgumentException.class)
                .hasMessageContaining("limit").hasMessageContaining("0");
    }
}
