package io.hasp.spring.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.Hasp;
import io.hasp.RedlockOptions;
import io.hasp.testkit.RedisNodes;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** HaspLockRegistry over Redlock clients (3 independent Redis servers): the same contract, held by a majority. */
class RedlockRegistryIT {
    /** Generous, as in hasp-core's Redlock tests: a stall of this shared machine must not look like nodes down. */
    private static final Duration NODE_TIMEOUT = Timing.scaled(Duration.ofMillis(250));

    @Test
    void registriesOnRedlockClientsExcludeEachOtherAndRenew() throws Exception {
        try (RedisNodes nodes = RedisNodes.start(3);
                Hasp first = redlock(nodes);
                Hasp second = redlock(nodes)) {
            HaspLockRegistry mine = new HaspLockRegistry(first, "rl");
            HaspLockRegistry theirs = new HaspLockRegistry(second, "rl");
            Lock lock = mine.obtain("k");
            lock.lock();
            // Granted once a majority granted; the third node's grant follows.
            assertThat(countHolding(nodes)).isGreaterThanOrEqualTo(2);
            Timing.await("held on every node", Duration.ofSeconds(10), () -> countHolding(nodes) == 3);
            CompletableFuture<Boolean> rival = CompletableFuture.supplyAsync(() -> theirs.obtain("k").tryLock());
            assertThat(rival.get(Timing.scaled(Duration.ofSeconds(10)).toSeconds(), TimeUnit.SECONDS)).isFalse();

            mine.renewLock("k", Duration.ofSeconds(20));
            Timing.await("renewed on every node", Duration.ofSeconds(10), () -> IntStream.range(0, nodes.size())
                    .allMatch(i -> (Long) nodes.node(i).command("PTTL", "hasp:{rl:k}") > 10_000L));

            lock.unlock();
            Timing.await("released on a majority", Duration.ofSeconds(10), () -> countHolding(nodes) <= 1);
            CompletableFuture<Boolean> after = CompletableFuture.supplyAsync(() -> {
                Lock theirsLock = theirs.obtain("k");
                boolean got = theirsLock.tryLock();
                if (got) {
                    theirsLock.unlock();
                }
                return got;
            });
            assertThat(after.get(Timing.scaled(Duration.ofSeconds(10)).toSeconds(), TimeUnit.SECONDS)).isTrue();
        }
    }

    private static Hasp redlock(RedisNodes nodes) {
        return Hasp.builder().uris(nodes.uris().toArray(String[]::new))
                .redlock(RedlockOptions.builder().nodeTimeout(NODE_TIMEOUT).build()).build();
    }

    private static int countHolding(RedisNodes nodes) {
        int holding = 0;
        for (int i = 0; i < nodes.size(); i++) {
            holding += ((Long) nodes.node(i).command("EXISTS", "hasp:{rl:k}")).intValue();
        }
        return holding;
    }
}
