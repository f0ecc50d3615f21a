package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.Timing;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A release of a contended plain lock wakes one waiting client, named in the message, and a wake-up that reaches
 * nobody costs a short backstop, not the waiters' timed re-check.
 */
class WakeOneClientIT extends OneRedisWithProbe {
    private static RedisClient listenerClient;

    @BeforeAll
    static void startListenerClient() {
        listenerClient = RedisClient.create(redis.uri());
    }

    @AfterAll
    static void stopListenerClient() {
        listenerClient.shutdown();
    }

    /** Collects the messages published on {@code channel}; the connection is subscribed when this returns. */
    private static StatefulRedisPubSubConnection<String, String> listen(String channel, List<String> messages) {
        StatefulRedisPubSubConnection<String, String> connection = listenerClient.connectPubSub();
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String name, String message) {
                messages.add(message);
            }
        });
        connection.sync().subscribe(channel);
        return connection;
    }

    @Test
    void aReleaseNamesOneWaitingClientAndRemovesOnlyItsEntry() throws Exception {
        try (Hasp holderClient = connect(); Hasp first = connect(); Hasp second = connect()) {
            for (int round = 0; round < 3; round++) {
                if (wakeRound(holderClient, first, second, "one-" + round)) {
                    return;
                }
            }
            throw new AssertionError("in no round did the woken client take the lock before the other's backstop");
        }
    }

    /**
     * One holder and two waiting clients on a fresh lock; returns whether the woken client took the lock (and checks
     * what its release did). The other client re-checks once no further release came for 20 ms (its backstop); if
     * the woken client was stalled longer than that, the backstop's attempt may win, as the design allows, and the
     * round proves nothing.
     */
    private static boolean wakeRound(Hasp holderClient, Hasp first, Hasp second, String name) throws Exception {
        String registry = "hasp:{" + name + "}:waiters";
        List<String> messages = new CopyOnWriteArrayList<>();
        try (StatefulRedisPubSubConnection<String, String> listener = listen("hasp:{" + name + "}:wake", messages)) {
            Lease held = holderClient.lock(name, MessageOnlyOptions.get()).tryAcquire().orElseThrow();
            probe.resetStats();
            CompletableFuture<Lease> a = first.lock(name, MessageOnlyOptions.get()).acquireAsync(Duration.ofMinutes(1));
            CompletableFuture<Lease> b = second.lock(name, MessageOnlyOptions.get()).acquireAsync(Duration.ofMinutes(1));
            Timing.await("two clients registered and subscribed", Duration.ofSeconds(5),
                    () -> probe.zcard(registry) == 2 && probe.subscribers("hasp:{" + name + "}:wake") == 3);
            // Each head's attempt and its check after subscribing: a check that runs after the release finds the lock
            // free and takes it, whoever the release woke.
            FinalChecks.await(probe, 4, first, second);
            List<Object> registered = (List<Object>) redis.command("ZRANGE", registry, "0", "-1");

            held.release();
            Timing.await("one waiter acquired", Duration.ofSeconds(5), () -> a.isDone() || b.isDone());
            Timing.await("the release message", Duration.ofSeconds(5), () -> !messages.isEmpty());
            assertThat(messages).hasSize(1);
            String woken = messages.get(0).substring(2);
            assertThat(messages.get(0)).startsWith("r ");
            assertThat(registered).contains(woken);
            // One client took the lock and left; the other one is registered and still waits (the lock is held, so
            // its backstop re-check finds it taken).
            assertThat(a.isDone() && b.isDone()).isFalse();
            Timing.await("one client's entry alone", Duration.ofSeconds(5), () -> probe.zcard(registry) == 1);
            // The woken client took it: the release removed its entry only. Else the other's backstop won, and the
            // woken client, its attempt failed, registered again.
            boolean wokenTookIt = !((List<Object>) redis.command("ZRANGE", registry, "0", "-1")).contains(woken);

            CompletableFuture<Lease> winner = a.isDone() ? a : b;
            CompletableFuture<Lease> other = winner == a ? b : a;
            winner.join().release();
            other.get(Timing.scaled(Duration.ofSeconds(5)).toMillis(), TimeUnit.MILLISECONDS).release();
            return wokenTookIt;
        }
    }

    @Test
    void aWakeUpThatReachesNoWaiterCostsOnlyAShortBackstop() throws Exception {
        try (Hasp holderClient = connect(); Hasp waiterClient = connect()) {
            Lease held = holderClient.lock("gone", MessageOnlyOptions.get()).tryAcquire().orElseThrow();
            CompletableFuture<Lease> waiting = waiterClient.lock("gone", MessageOnlyOptions.get())
                    .acquireAsync(Duration.ofMinutes(1));
            Timing.await("the waiter registered and subscribed", Duration.ofSeconds(5),
                    () -> probe.zcard("hasp:{gone}:waiters") == 1 && probe.subscribers("hasp:{gone}:wake") == 1);
            // A client that died while waiting: its entry is still live and older than the real waiter's, so the
            // release wakes it, and nobody hears that wake-up.
            List<?> time = (List<?>) redis.command("TIME");
            long serverMillis = Long.parseLong(String.valueOf(time.get(0))) * 1000;
            redis.command("ZADD", "hasp:{gone}:waiters", Long.toString(serverMillis + 60_000), "w:dead");

            long releasedAt = System.nanoTime();
            held.release();
            Lease lease = waiting.get(Timing.scaled(Duration.ofSeconds(5)).toMillis(), TimeUnit.MILLISECONDS);
            // The waiter's timed re-check is ten minutes away: only the backstop can have woken it this soon.
            assertThat(Duration.ofNanos(System.nanoTime() - releasedAt))
                    .isLessThan(Timing.scaled(Duration.ofSeconds(2)));
            assertThat((List<Object>) redis.command("ZRANGE", "hasp:{gone}:waiters", "0", "-1"))
                    .as("a dead client is woken at most once").doesNotContain("w:dead");
            lease.release();
        }
    }
}
