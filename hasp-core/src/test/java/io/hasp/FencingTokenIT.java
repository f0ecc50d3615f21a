package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fencing tokens strictly increase, even when the counter key is lost or Redis restarts without persistence. */
class FencingTokenIT {

    @Test
    void tokensIncreaseWithEveryAcquireAcrossClients() {
        try (RedisServer redis = RedisServer.start();
             Hasp a = Hasp.connect(redis.uri());
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
    void tokensKeepIncreasingAfterTheCounterKeyIsDeleted() {
        try (RedisServer redis = RedisServer.start(); Hasp hasp = Hasp.connect(redis.uri())) {
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
    void tokensKeepIncreasingAfterARestartWithoutPersistence() {
        try (RedisServer redis = RedisServer.start()) {
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
    }

    @Test
    void theCounterKeyCarriesATtlSoCountersDoNotPileUp() {
        try (RedisServer redis = RedisServer.start(); Hasp hasp = Hasp.connect(redis.uri())) {
            hasp.lock("once").tryAcquire().orElseThrow().close();
            assertThat((Long) redis.command("PTTL", "hasp:{once}:fence")).isPositive();
        }
    }

    @Test
    void aCounterAheadOfTheClockStillMovesForward() {
        try (RedisServer redis = RedisServer.start(); Hasp hasp = Hasp.connect(redis.uri())) {
            long farFuture = 9_000_000_000_000_000L;
            redis.command("SET", "hasp:{skew}:fence", Long.toString(farFuture));
            try (Lease lease = hasp.lock("skew").tryAcquire().orElseThrow()) {
                assertThat(lease.fencingToken()).isEqualTo(farFuture + 1);
            }
        }
    }
}
