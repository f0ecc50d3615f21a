package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Waiters are woken by the release, through one pub/sub connection per client, and nothing strands them. */
class NotifiedWaitingIT extends OneRedisWithProbe {
    /** Waits until {@code count} attempts reached Redis since the last stats reset (attempts are EVALSHA). */
    private static void awaitAttempts(long count) {
        Timing.await(count + " attempts", Duration.ofSeconds(5), () -> probe.calls("evalsha") >= count);
    }

    @Test
    void aWaiterAcquiresWithinMillisecondsOfTheReleaseByTheMessage() throws Exception {
        try (Hasp holderClient = connect(); Hasp waiterClient = connect()) {
            holderClient.lock("warm-up").tryAcquire().orElseThrow().release(); // loads the scripts
            for (int round = 0; round < 3; round++) {
                String name = "wake-" + round;
                Lease held = holderClient.lock(name, MessageOnlyOptions.get()).tryAcquire().orElseThrow();
                probe.resetStats();
                CompletableFuture<Lease> waiting = waiterClient.lock(name, MessageOnlyOptions.get())
                        .acquireAsync(Duration.ofMinutes(1));
                // First attempt, then subscribe, then the attempt that is the final check before waiting.
                awaitAttempts(2);
                assertThat(probe.subscribers("hasp:{" + name + "}:wake")).isEqualTo(1);
                long releasedAt = System.nanoTime();
                held.release();
                Lease lease = waiting.get(Timing.scaled(Duration.ofSeconds(5)).toMillis(), TimeUnit.MILLISECONDS);
                long tookNanos = System.nanoTime() - releasedAt;
                assertThat(Duration.ofNanos(tookNanos)).isLessThan(Timing.scaled(Duration.ofMillis(500)));
                assertThat(lease.fencingToken()).isGreaterThan(held.fencingToken());
                lease.release();
            }
        }
    }

    @Test
    void aReleaseNobodyWaitsForPublishesNothing() throws Exception {
        try (Hasp hasp = connect()) {
            hasp.lock("quiet").tryAcquire().orElseThrow().release(); // loads the scripts
            probe.resetStats();
            Lease lease = hasp.lock("quiet").acquire(Duration.ofSeconds(5));
            lease.release();
            assertThat(probe.calls("publish")).isZero();
            assertThat(probe.calls("evalsha")).isEqualTo(2); // one round trip each way, nothing else
            assertThat(probe.channels()).isZero();
        }
    }

    @Test
    void onlyTheHeadOfALocalLineAsksRedisOnARelease() throws Exception {
        try (Hasp holderClient = connect(); Hasp waiterClient = connect()) {
            Lease held = holderClient.lock("line", MessageOnlyOptions.get()).tryAcquire().orElseThrow();
            List<CompletableFuture<Lease>> waiters = new ArrayList<>();
            probe.resetStats();
            for (int i = 0; i < 8; i++) {
                waiters.add(waiterClient.lock("line", MessageOnlyOptions.get()).acquireAsync(Duration.ofMinutes(1)));
            }
            // The head's two attempts, their answers read; the other seven wait behind it without asking.
            FinalChecks.await(probe, 2, waiterClient);
            assertThat(probe.calls("evalsha")).isEqualTo(2);
            probe.resetStats();
            held.release();
            Timing.await("one waiter acquired", Duration.ofSeconds(5),
                    () -> waiters.stream().filter(CompletableFuture::isDone).count() == 1);
            // The release and the head's one attempt; the new head waits for the next release without asking.
            assertThat(probe.calls("evalsha")).isEqualTo(2);
            for (int i = 0; i < waiters.size(); i++) {
                Lease lease = waiters.get(i).get(Timing.scaled(Duration.ofSeconds(5)).toMillis(),
                        TimeUnit.MILLISECONDS);
                for (int j = i + 1; j < waiters.size(); j++) {
                    assertThat(waiters.get(j)).as("local waiters are served in arrival order").isNotDone();
                }
                lease.release();
            }
        }
    }

    /** Options under which the head re-checks every 10 ms, so it makes many attempts while the lock is held. */
    private static LockOptions polling(Duration heartbeat) {
        return LockOptions.builder().leaseTime(Duration.ofMinutes(2))
                .backoff(Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(10)))
                .waiterHeartbeat(heartbeat).build();
    }

    /**
     * The check made once the channel is subscribed registers (again, if an attempt before it registered while
     * unsubscribed: a release in between may have named this client and removed its entry, a message that reached
     * nobody), and the attempts after it leave the registry alone. The waiting call's first attempt is a single try
     * that registers nothing; whether the check after it comes before or after the subscription is confirmed decides
     * whether the entry is written once or twice.
     */
    @Test
    void aWaiterRegistersOnceSubscribedAndItsLaterAttemptsLeaveTheRegistryAlone() throws Exception {
        try (Hasp holderClient = connect(); Hasp waiterClient = connect()) {
            Lease held = holderClient.lock("once", polling(Duration.ofMinutes(10))).tryAcquire().orElseThrow();
            probe.resetStats();
            CompletableFuture<Lease> waiting = waiterClient.lock("once", polling(Duration.ofMinutes(10)))
                    .acquireAsync(Duration.ofMinutes(1));
            // Opening the pub/sub connection may take many attempts on a loaded machine; the count starts once Redis
            // has the subscription (its confirmation reaches the client a round trip later).
            Timing.await("the waiter subscribed", Duration.ofSeconds(10), () -> Long.valueOf(1).equals(
                    ((List<?>) redis.command("PUBSUB", "NUMSUB", "hasp:{once}:wake")).get(1)));
            awaitAttempts(probe.calls("evalsha") + 4);
            long written = probe.calls("zadd");
            assertThat(written).isBetween(1L, 2L);
            awaitAttempts(probe.calls("evalsha") + 4);
            assertThat(probe.calls("zadd")).isEqualTo(written);
            assertThat(probe.zcard("hasp:{once}:waiters")).isEqualTo(1);
            held.release();
            waiting.get(Timing.scaled(Duration.ofSeconds(5)).toMillis(), TimeUnit.MILLISECONDS).release();
        }
    }

    @Test
    void aWaitersEntryIsRefreshedBeforeItsHeartbeatWindowRunsOut() throws Exception {
        Duration heartbeat = Duration.ofMillis(400);
        try (Hasp holderClient = connect(); Hasp waiterClient = connect()) {
            Lease held = holderClient.lock("refresh", polling(heartbeat)).tryAcquire().orElseThrow();
            probe.resetStats();
            CompletableFuture<Lease> waiting = waiterClient.lock("refresh", polling(heartbeat))
                    .acquireAsync(Duration.ofMinutes(1));
            // Four writes of the entry span at least three quarters of a window: two windows' worth of attempts.
            Timing.await("the entry refreshed", Duration.ofSeconds(10), () -> probe.calls("zadd") >= 4);
            Timing.await("80 attempts", Duration.ofSeconds(10), () -> probe.calls("evalsha") >= 80);
            List<?> entry = (List<?>) redis.command("ZRANGE", "hasp:{refresh}:waiters", "0", "-1", "WITHSCORES");
            List<?> time = (List<?>) redis.command("TIME");
            long serverMillis = Long.parseLong(String.valueOf(time.get(0))) * 1000
                    + Long.parseLong(String.valueOf(time.get(1))) / 1000;
            assertThat(entry).hasSize(2);
            assertThat(Double.parseDouble(String.valueOf(entry.get(1)))).isGreaterThan(serverMillis);
            // Most attempts were cheap: a refresh at most every quarter window, not one per attempt.
            assertThat(probe.calls("zadd")).isLessThan(probe.calls("evalsha") / 4);
            held.release();
            waiting.get(Timing.scaled(Duration.ofSeconds(5)).toMillis(), TimeUnit.MILLISECONDS).release();
        }
    }

    @Test
    void waitersRecheckAfterThePubSubConnectionIsCut() throws Exception {
        List<Hasp> clients = new ArrayList<>();
        try (Hasp holderClient = connect()) {
            Lease held = holderClient.lock("cut", MessageOnlyOptions.get()).tryAcquire().orElseThrow();
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                Hasp client = connect();
                clients.add(client);
                for (int w = 0; w < 2; w++) {
                    done.add(client.lock("cut", MessageOnlyOptions.get()).acquireAsync(Duration.ofMinutes(1))
                            .thenCompose(Lease::releaseAsync).thenApply(released -> null));
                }
            }
            Timing.await("three clients waiting", Duration.ofSeconds(5),
                    () -> probe.subscribers("hasp:{cut}:wake") == 3 && probe.zcard("hasp:{cut}:waiters") == 3);
            // Free the lock without a message (as an expiry would), then cut every pub/sub connection: only the
            // re-check after each client resubscribes can find the lock free in time.
            redis.command("DEL", "hasp:{cut}");
            assertThat(redis.command("CLIENT", "KILL", "TYPE", "pubsub")).isEqualTo(3L);
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
                    .get(Timing.scaled(Duration.ofSeconds(15)).toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            clients.forEach(Hasp::close);
        }
    }

    @Test
    void withoutAnyMessageAWaiterRechecksWhenTheHoldersLeaseEnds() throws Exception {
        try (Hasp holderClient = connect(); Hasp waiterClient = connect()) {
            Duration holderLease = Duration.ofMillis(300);
            holderClient.lock("expiring", LockOptions.builder().leaseTime(holderLease).build()).tryAcquire()
                    .orElseThrow();
            long start = System.nanoTime();
            Lease lease = waiterClient.lock("expiring", MessageOnlyOptions.get()).acquire(Timing.scaled(Duration.ofSeconds(5)));
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isLessThan(holderLease.plus(Timing.scaled(Duration.ofMillis(300))));
            lease.release();
        }
    }

    @Test
    void leavingWaitersDropTheirSubscriptionAndRegistryEntry() throws Exception {
        try (Hasp holderClient = connect(); Hasp waiterClient = connect()) {
            Lease held = holderClient.lock("leave", MessageOnlyOptions.get()).tryAcquire().orElseThrow();
            Lock lock = waiterClient.lock("leave", MessageOnlyOptions.get());

            // Timeout.
            assertThat(lock.tryAcquire(Duration.ofMillis(300))).isEmpty();
            awaitNoWaiters("leave");

            // Future cancellation.
            CompletableFuture<Lease> cancelled = lock.acquireAsync(Duration.ofMinutes(1));
            Timing.await("registered", Duration.ofSeconds(5), () -> probe.zcard("hasp:{leave}:waiters") == 1
                    && probe.subscribers("hasp:{leave}:wake") == 1);
            cancelled.cancel(true);
            awaitNoWaiters("leave");

            // Interrupt.
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            Thread waiter = new Thread(() -> {
                try {
                    lock.acquire(Duration.ofMinutes(1));
                } catch (Throwable t) {
                    outcome.set(t);
                }
            });
            waiter.start();
            Timing.await("registered", Duration.ofSeconds(5), () -> probe.zcard("hasp:{leave}:waiters") == 1
                    && probe.subscribers("hasp:{leave}:wake") == 1);
            waiter.interrupt();
            waiter.join(Timing.scaled(Duration.ofSeconds(5)).toMillis());
            assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
            awaitNoWaiters("leave");

            // Waiters that acquired leave nothing behind either.
            CompletableFuture<Lease> first = lock.acquireAsync(Duration.ofMinutes(1));
            CompletableFuture<Lease> second = lock.acquireAsync(Duration.ofMinutes(1));
            Timing.await("registered", Duration.ofSeconds(5), () -> probe.zcard("hasp:{leave}:waiters") == 1);
            held.release();
            first.get(Timing.scaled(Duration.ofSeconds(5)).toMillis(), TimeUnit.MILLISECONDS).release();
            second.get(Timing.scaled(Duration.ofSeconds(5)).toMillis(), TimeUnit.MILLISECONDS).release();
            awaitNoWaiters("leave");
            assertThat(probe.exists("hasp:{leave}")).isFalse();
        }
    }

    private static void awaitNoWaiters(String name) {
        Timing.await("no waiter left on " + name, Duration.ofSeconds(5), () -> probe.channels() == 0
                && !probe.exists("hasp:{" + name + "}:waiters"));
    }

    @Test
    void twoThousandWaitersOnTwoHundredLocksShareOnePubSubConnection() throws Exception {
        int locks = 200;
        int waitersPerLock = 10;
        try (Hasp holderClient = connect(); Hasp waiterClient = connect()) {
            List<Lease> held = new ArrayList<>();
            for (int i = 0; i < locks; i++) {
                held.add(holderClient.lock("many-" + i).tryAcquire().orElseThrow());
            }
            List<CompletableFuture<Boolean>> done = new ArrayList<>();
            for (int w = 0; w < waitersPerLock; w++) {
                for (int i = 0; i < locks; i++) {
                    done.add(waiterClient.lock("many-" + i).acquireAsync(Duration.ofMinutes(1))
                            .thenCompose(Lease::releaseAsync));
                }
            }
            Timing.await("every lock subscribed", Duration.ofSeconds(15), () -> probe.channels() == locks);
            assertThat(probe.pubSubClients()).isEqualTo(1);
            held.forEach(Lease::release);
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
                    .get(Timing.scaled(Duration.ofSeconds(30)).toMillis(), TimeUnit.MILLISECONDS);
            assertThat(done).allMatch(f -> f.join());
            Timing.await("every subscription dropped", Duration.ofSeconds(5), () -> probe.channels() == 0);
            for (int i = 0; i < locks; i++) {
                assertThat(probe.exists("hasp:{many-" + i + "}:waiters")).isFalse();
            }
        }
    }

    @Test
    void foreignDataAtTheWaiterRegistryFailsTheWaitAndStaysUntouched() throws Exception {
        try (Hasp holderClient = connect(); Hasp waiterClient = connect()) {
            Lease held = holderClient.lock("foreign-waiters").tryAcquire().orElseThrow();
            redis.command("SET", "hasp:{foreign-waiters}:waiters", "someone else's");
            assertThatThrownBy(() -> waiterClient.lock("foreign-waiters").acquire(Duration.ofSeconds(5)))
                    .isInstanceOf(KeyConflictException.class).hasMessageContaining("hasp:{foreign-waiters}:waiters");
            assertThat(held.release()).isTrue();
            assertThat(redis.command("GET", "hasp:{foreign-waiters}:waiters")).isEqualTo("someone else's");
        }
    }

    @Test
    void aSingleTryNeitherWaitsNorRegisters() {
        try (Hasp holderClient = connect(); Hasp other = connect()) {
            Lease held = holderClient.lock("try").tryAcquire().orElseThrow();
            Optional<Lease> none = other.lock("try").tryAcquire();
            assertThat(none).isEmpty();
            assertThat(probe.exists("hasp:{try}:waiters")).isFalse();
            assertThat(probe.channels()).isZero();
            held.release();
        }
    }
}
