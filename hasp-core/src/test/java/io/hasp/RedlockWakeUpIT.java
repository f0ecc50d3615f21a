package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisNodes;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A Redlock waiter is woken by the holder's release through any node's pub/sub, also with a node gone. */
class RedlockWakeUpIT {
    @RegisterExtension
    static final RedisServerExtension NODES_PER_TEST = RedisServerExtension.perTest().nodes(3);

    /** Polling this slowly would take a second on average: only a wake-up is this quick, round after round. */
    private static final LockOptions SLOW_POLLING = LockOptions.builder()
            .backoff(Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(2)))
            .waiterHeartbeat(Duration.ofSeconds(10)).build();
    private static final Duration WOKEN_WITHIN = Timing.scaled(Duration.ofMillis(400));

    @Test
    void aReleaseWakesTheWaiterEvenWithTheFirstNodeGone(RedisNodes nodes) throws Exception {
        try (Hasp holder = RedlockClients.connect(nodes);
             Hasp waiter = RedlockClients.connect(nodes)) {
            for (int round = 0; round < 4; round++) {
                if (round == 2) {
                    nodes.node(0).kill(); // its pub/sub connection goes with it
                }
                Lease held = holder.lock("wake").acquire(Timing.scaled(Duration.ofSeconds(10)));
                CompletableFuture<Lease> waiting = waiter.lock("wake", SLOW_POLLING)
                        .acquireAsync(Timing.scaled(Duration.ofSeconds(30)));
                RedisServer live = nodes.node(1);
                Timing.await("the waiter registered and subscribed", Duration.ofSeconds(10),
                        () -> Long.valueOf(1).equals(live.command("ZCARD", "hasp:{wake}:waiters"))
                                && subscribers(live) > 0);
                long released = System.nanoTime();
                held.release();
                Lease taken = waiting.get(30, TimeUnit.SECONDS);
                assertThat(Duration.ofNanos(System.nanoTime() - released)).as("round %d", round)
                        .isLessThan(WOKEN_WITHIN);
                assertThat(taken.fencingToken()).isGreaterThan(held.fencingToken());
                taken.release();
            }
        }
    }

    private static long subscribers(RedisServer node) {
        Object reply = node.command("PUBSUB", "NUMSUB", "hasp:{wake}:wake");
        return (Long) ((java.util.List<?>) reply).get(1);
    }
}
