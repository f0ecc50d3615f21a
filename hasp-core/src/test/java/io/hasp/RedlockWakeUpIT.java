package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisNodes;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Redlock waiter is woken by the holder's release through any node's pub/sub, also with a node gone.
 *
 * <p>A lease holds a majority, not every node: the holder's attempt on a node can arrive before the previous lease's
 * release reaches it (a release answers once a majority answered), or lose a race there on a fresh node's first
 * script load. The waiter then takes that node on every attempt and cleans it up, and registers on the nodes the lease
 * holds, whose releases wake it. So the tests wait for the waiter where the lease is, not on a fixed node.
 */
class RedlockWakeUpIT {
    @RegisterExtension
    static final RedisServerExtension NODES_PER_TEST = RedisServerExtension.perTest().nodes(3);

    private static final String LOCK_KEY = "hasp:{wake}";
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
                List<RedisServer> live = round < 2 ? nodes.nodes() : nodes.nodes().subList(1, 3);
                Lease held = holder.lock("wake").acquire(Timing.scaled(Duration.ofSeconds(10)));
                CompletableFuture<Lease> waiting = waitInPlace(waiter, live);
                releaseWakes(held, waiting, round);
            }
        }
    }

    /** The holder's attempt finds one node still held by the lease before it: its lease leaves that node out. */
    @Test
    void aReleaseWakesTheWaiterWhenTheLeaseLeftANodeOut(RedisNodes nodes) throws Exception {
        RedisServer late = nodes.node(1);
        late.command("SET", LOCK_KEY, "hasp1:0123456789abcdef0123456789abcdef", "PX", "60000");
        try (Hasp holder = RedlockClients.connect(nodes);
             Hasp waiter = RedlockClients.connect(nodes)) {
            Lease held = holder.lock("wake").acquire(Timing.scaled(Duration.ofSeconds(10)));
            // The lease is granted at a majority; refused on node 1, the holder's attempt registered it there.
            Timing.await("the holder's attempt refused on node 1", Duration.ofSeconds(10),
                    () -> Long.valueOf(1).equals(late.command("ZCARD", LOCK_KEY + ":waiters")));
            late.command("DEL", LOCK_KEY); // the previous lease's release reaches it after the attempt
            CompletableFuture<Lease> waiting = waitInPlace(waiter, nodes.nodes());
            // Node 1 is free or briefly held by one of the waiter's own attempts, never by the lease.
            assertThat(late.command("GET", LOCK_KEY)).as("node 1 in the lease")
                    .isNotEqualTo(nodes.node(0).command("GET", LOCK_KEY));
            releaseWakes(held, waiting, 0);
        }
    }

    /** Starts a wait and returns once the waiter is registered and subscribed where the lease is. */
    private static CompletableFuture<Lease> waitInPlace(Hasp waiter, List<RedisServer> live) {
        CompletableFuture<Lease> waiting = waiter.lock("wake", SLOW_POLLING)
                .acquireAsync(Timing.scaled(Duration.ofSeconds(30)));
        Timing.await("the waiter registered and subscribed on the nodes the lease holds", Duration.ofSeconds(10),
                () -> registeredWhereHeld(live));
        return waiting;
    }

    /** Releases {@code held} and checks that the wait ends at once, with a larger fence. */
    private static void releaseWakes(Lease held, CompletableFuture<Lease> waiting, int round) throws Exception {
        long released = System.nanoTime();
        held.release();
        Lease taken = waiting.get(30, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - released)).as("round %d", round).isLessThan(WOKEN_WITHIN);
        assertThat(taken.fencingToken()).isGreaterThan(held.fencingToken());
        taken.release();
    }

    /**
     * A majority of the nodes hold one token (the waiter's own grants, made and cleaned up by each of its attempts,
     * hold another), and each of those has the waiter registered and subscribed.
     */
    private static boolean registeredWhereHeld(List<RedisServer> live) {
        Object token = null;
        int holding = 0;
        for (RedisServer node : live) {
            Object value = node.command("GET", LOCK_KEY);
            if (value == null) {
                continue;
            }
            if (token != null && !Objects.equals(token, value)) {
                return false;
            }
            token = value;
            holding++;
            if (!Long.valueOf(1).equals(node.command("ZCARD", LOCK_KEY + ":waiters")) || subscribers(node) == 0) {
                return false;
            }
        }
        return holding >= 2;
    }

    private static long subscribers(RedisServer node) {
        Object reply = node.command("PUBSUB", "NUMSUB", LOCK_KEY + ":wake");
        return (Long) ((List<?>) reply).get(1);
    }
}
