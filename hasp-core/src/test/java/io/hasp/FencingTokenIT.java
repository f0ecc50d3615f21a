package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Fencing tokens strictly increase, even when the counter key is lost or Redis restarts without persistence. */
class FencingTokenIT {
    @RegisterExtension
    static final RedisServerExtension REDIS_PER_TEST = RedisServerExtension.perTest();

    @Test
    void tokensIncreaseWithEveryAcquireAcrossClients(RedisServer redis) {
        try (Hasp a = Hasp.connect(redis.uri());
             Hasp b = Hasp.connect(redis.uri())) {
            List<Long> fences = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                Hasp client = i % 2 == 0 ? a : b;
                try (Lease lease = client.lock("ledger").tryAcquire().orElseThrow()) {
                    fences.add(lease.fencingToken());
                }
            }
            assertThat(fences).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void tokensKeepIncreasingAfterTheCounterKeyIsDeleted(RedisServer redis) {
        try (Hasp hasp = Hasp.connect(redis.uri())) {
            long before;
            try (Lease lease = hasp.lock("ledger").tryAcquire().orElseThrow()) {
                before = lease.fencingToken();
            }
            redis.command("DEL", "hasp:{ledger}:fence");
            try (Lease lease = hasp.lock("ledger").tryAcquire().orElseThrow()) {
                assertThat(lease.fencingToken()).isGreaterThan(before);
            }
        }
    }

    @Test
    void tokensKeepIncreasingAfterARestartWithoutPersistence(RedisServer redis) {
        long before;
        try (Hasp hasp = Hasp.connect(redis.uri());
             Lease lease = hasp.lock("ledger").tryAcquire().orElseThrow()) {
            before = lease.fencingToken();
        }
        redis.restart();
        assertThat(redis.command("EXISTS", "hasp:{ledger}:fence")).isEqualTo(0L);
        try (Hasp hasp = Hasp.connect(redis.uri());
             Lease lease = hasp.lock("ledger").tryAcquire().orElseThrow()) {
            assertThat(lease.fencingToken()).isGreaterThan(before);
        }
    }

    @Test
    void theCounterKeyCarriesATtlSoCountersDoNotPileUp(RedisServer redis) {
        try (Hasp hasp = Hasp.connect(redis.uri())) {
            hasp.lock("once").tryAcquire().orElseThrow().close();
            assertThat((Long) redis.command("PTTL", "hasp:{once}:fence")).isPositive();
        }
    }

    @Test
    void aCounterAheadOfTheClockStillMovesForward(RedisServer redis) {
        try (Hasp hasp = Hasp.connect(redis.uri())) {
            long farFuture = 9_000_000_000_000_000L;
            redis.command("SET", "hasp:{skew}:fence", Long.toString(farFuture));
            try (Lease lease = hasp.lock("skew").tryAcquire().orElseThrow()) {
                assertThat(lease.fencingToken()).isEqualTo(farFuture + 1);
            }
        }
    }

    /**
     * From 2^53 on, counter + 1 is not exact in Lua's doubles, and a longer string of digits reads as 2^53 itself: the
     * acquire issued 2^53 again (not larger than the counter) until such a counter was refused as not Hasp's.
     */
    @Test
    void aCounterAtTheLastExactFenceIsRefusedNotRepeated(RedisServer redis) {
        try (Hasp hasp = Hasp.connect(redis.uri())) {
            for (String counter : List.of("9007199254740992", "9007199254740993")) {
                redis.command("SET", "hasp:{edge}:fence", counter);
                assertThatThrownBy(() -> hasp.lock("edge").tryAcquire())
                        .isInstanceOf(KeyConflictException.class).hasMessageContaining("hasp:{edge}:fence");
                assertThat(redis.command("GET", "hasp:{edge}:fence")).isEqualTo(counter);
                assertThat(redis.command("EXISTS", "hasp:{edge}")).isEqualTo(0L);
            }
        }
    }
}
