package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fencing tokens strictly increase, even when the counter key is lost or Redis restarts without persistence; the same
 * for the plain and the fair lock, whose scripts each issue fences (the fair one's free-lock path applies the rule
 * written straight).
 */
class FencingTokenIT {
    @RegisterExtension
    static final RedisServerExtension REDIS_PER_TEST = RedisServerExtension.perTest();

    /** The two lock kinds that issue fences from a script of their own. */
    enum Kind {
        PLAIN(Hasp::lock), FAIR(Hasp::fairLock);

        private final BiFunction<Hasp, String, Lock> lockFor;

        Kind(BiFunction<Hasp, String, Lock> lockFor) {
            this.lockFor = lockFor;
        }

        Lock of(Hasp hasp, String name) {
            return lockFor.apply(hasp, name);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void tokensIncreaseWithEveryAcquireAcrossClients(Kind kind, RedisServer redis) {
        try (Hasp a = Hasp.connect(redis.uri());
             Hasp b = Hasp.connect(redis.uri())) {
            List<Long> fences = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                Hasp client = i % 2 == 0 ? a : b;
                try (Lease lease = kind.of(client, "ledger").tryAcquire().orElseThrow()) {
                    fences.add(lease.fencingToken());
                }
            }
            assertThat(fences).isSorted().doesNotHaveDuplicates();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void tokensKeepIncreasingAfterTheCounterKeyIsDeleted(Kind kind, RedisServer redis) {
        try (Hasp hasp = Hasp.connect(redis.uri())) {
            long before;
            try (Lease lease = kind.of(hasp, "ledger").tryAcquire().orElseThrow()) {
                before = lease.fencingToken();
            }
            redis.command("DEL", "hasp:{ledger}:fence");
            try (Lease lease = kind.of(hasp, "ledger").tryAcquire().orElseThrow()) {
                assertThat(lease.fencingToken()).isGreaterThan(before);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void tokensKeepIncreasingAfterARestartWithoutPersistence(Kind kind, RedisServer redis) {
        long before;
        try (Hasp hasp = Hasp.connect(redis.uri());
             Lease lease = kind.of(hasp, "ledger").tryAcquire().orElseThrow()) {
            before = lease.fencingToken();
        }
        redis.restart();
        assertThat(redis.command("EXISTS", "hasp:{ledger}:fence")).isEqualTo(0L);
        try (Hasp hasp = Hasp.connect(redis.uri());
             Lease lease = kind.of(hasp, "ledger").tryAcquire().orElseThrow()) {
            assertThat(lease.fencingToken()).isGreaterThan(before);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void theCounterKeyCarriesATtlSoCountersDoNotPileUp(Kind kind, RedisServer redis) {
        try (Hasp hasp = Hasp.connect(redis.uri())) {
            kind.of(hasp, "once").tryAcquire().orElseThrow().close();
            assertThat((Long) redis.command("PTTL", "hasp:{once}:fence")).isPositive();
        }
    }

    /** The plain lock's script writes the counter's lifetime itself: max(1 hour, 2 leases), as the Java side says. */
    @Test
    void theCounterOutlivesAShortLeaseByAnHourAndALongOneByTwiceIt(RedisServer redis) {
        try (Hasp hasp = Hasp.connect(redis.uri())) {
            hasp.lock("short", LockOptions.builder().leaseTime(Duration.ofSeconds(30)).build()).tryAcquire()
                    .orElseThrow().close();
            assertThat((Long) redis.command("PTTL", "hasp:{short}:fence")).isBetween(3_500_000L, 3_600_000L);
            hasp.lock("long", LockOptions.builder().leaseTime(Duration.ofHours(1)).build()).tryAcquire()
                    .orElseThrow().close();
            assertThat((Long) redis.command("PTTL", "hasp:{long}:fence")).isBetween(7_100_000L, 7_200_000L);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aCounterAheadOfTheClockStillMovesForward(Kind kind, RedisServer redis) {
        try (Hasp hasp = Hasp.connect(redis.uri())) {
            long farFuture = 9_000_000_000_000_000L;
            redis.command("SET", "hasp:{skew}:fence", Long.toString(farFuture));
            try (Lease lease = kind.of(hasp, "skew").tryAcquire().orElseThrow()) {
                assertThat(lease.fencingToken()).isEqualTo(farFuture + 1);
            }
        }
    }

    /**
     * From 2^53 on, counter + 1 is not exact in Lua's doubles, and a longer string of digits reads as 2^53 itself: the
     * acquire issued 2^53 again (not larger than the counter) until such a counter was refused as not Hasp's.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void aCounterAtTheLastExactFenceIsRefusedNotRepeated(Kind kind, RedisServer redis) {
        try (Hasp hasp = Hasp.connect(redis.uri())) {
            for (String counter : List.of("9007199254740992", "9007199254740993")) {
                redis.command("SET", "hasp:{edge}:fence", counter);
                assertThatThrownBy(() -> kind.of(hasp, "edge").tryAcquire())
                        .isInstanceOf(KeyConflictException.class).hasMessageContaining("hasp:{edge}:fence");
                assertThat(redis.command("GET", "hasp:{edge}:fence")).isEqualTo(counter);
                assertThat(redis.command("EXISTS", "hasp:{edge}")).isEqualTo(0L);
            }
        }
    }
}
