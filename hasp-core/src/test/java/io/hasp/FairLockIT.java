package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.testkit.Timing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The fair lock serves waiters in the order Redis queued them, hands over directly, and skips dead waiters. */
class FairLockIT extends OneRedisWithProbe {
    private static long millis(Duration timeout) {
        return Timing.scaled(timeout).toMillis();
    }

    @Test
    void waitersAreServedInTheOrderRedisQueuedThem() throws Exception {
        List<Hasp> clients = List.of(connect(), connect(), connect());
        try (Hasp holderClient = connect()) {
            Lease held = holderClient.fairLock("fifo").tryAcquire().orElseThrow();
            List<Integer> order = Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<Boolean>> done = new ArrayList<>();
            int waiters = 6;
            for (int i = 0; i < waiters; i++) {
                int index = i;
                Lock lock = clients.get(i % clients.size()).fairLock("fifo");
                done.add(lock.acquireAsync(Duration.ofMinutes(1)).thenCompose(lease -> {
                    order.add(index);
                    return lease.releaseAsync();
                }));
                Timing.await("waiter " + i + " queued", Duration.ofSeconds(5),
                        () -> probe.zcard("hasp:{fifo}:queue") == index + 1);
            }
            held.release();
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
                    .get(millis(Duration.ofSeconds(10)), TimeUnit.MILLISECONDS);
            assertThat(order).containsExactlyElementsOf(IntStream.range(0, waiters).boxed().toList());
            assertThat(done).allMatch(CompletableFuture::join);
            Timing.await("nothing left", Duration.ofSeconds(5), () -> probe.channels() == 0
                    && !probe.exists("hasp:{fifo}:queue") && !probe.exists("hasp:{fifo}:live"));
        } finally {
            clients.forEach(Hasp::close);
        }
    }

    @Test
    void waitersOfAFreshClientQueueInCallOrderWhileItsFirstSubscriptionIsPending() throws Exception {
        try (Hasp holderClient = connect(); Hasp fresh = connect()) {
            Lease held = holderClient.fairLock("call-order").tryAcquire().orElseThrow();
            List<Integer> order = Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<Boolean>> done = new ArrayList<>();
            int waiters = 5;
            for (int i = 0; i < waiters; i++) { // back to back: no waiter is queued yet when the next one calls
                int index = i;
                done.add(fresh.fairLock("call-order").acquireAsync(Duration.ofMinutes(1)).thenCompose(lease -> {
                    order.add(index);
                    return lease.releaseAsync();
                }));
            }
            Timing.await("all queued", Duration.ofSeconds(10),
                    () -> probe.zcard("hasp:{call-order}:queue") == waiters);
            held.release();
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
                    .get(millis(Duration.ofSeconds(10)), TimeUnit.MILLISECONDS);
            assertThat(order).containsExactlyElementsOf(IntStream.range(0, waiters).boxed().toList());
        }
    }

    @Test
    void theHeadTakesTheLockWhenTheHoldersLeaseRunsOutNotAtItsNextHeartbeat() throws Exception {
        // A heartbeat window of 30 s: the head's liveness re-check comes every 10 s, far beyond the bound below.
        Duration heartbeat = Duration.ofSeconds(30);
        Duration holderLease = Duration.ofSeconds(1);
        try (Hasp holderClient = connect(); Hasp waiterClient = connect()) {
            holderClient.fairLock("expiry", LockOptions.builder().leaseTime(holderLease).build()).tryAcquire()
                    .orElseThrow(); // never released: its lease runs out
            long expiresAt = System.nanoTime() + holderLease.toNanos();
            CompletableFuture<Lease> waiting = waiterClient.fairLock("expiry",
                    LockOptions.builder().waiterHeartbeat(heartbeat).build()).acquireAsync(Duration.ofMinutes(1));
            Lease lease = waiting.get(millis(Duration.ofSeconds(30)), TimeUnit.MILLISECONDS);
            Duration late = Duration.ofNanos(System.nanoTime() - expiresAt);
            assertThat(late).isLessThan(Timing.scaled(Duration.ofSeconds(2)))
                    .isLessThan(heartbeat.dividedBy(3));
            lease.release();
        }
    }

    @Test
    void aHandedOffLeaseNeverClaimsMoreThanRedisGrantsAndIsToppedUpWhileHeld() throws Exception {
        LockOptions options = LockOptions.builder().leaseTime(Duration.ofSeconds(20))
                .waiterHeartbeat(Duration.ofSeconds(1)).build();
        try (Hasp holderClient = connect(); Hasp waiterClient = connect()) {
            Lease held = holderClient.fairLock("honest", options).tryAcquire().orElseThrow();
            CompletableFuture<Lease> waiting = waiterClient.fairLock("honest", options)
                    .acquireAsync(Duration.ofMinutes(1));
            Timing.await("queued", Duration.ofSeconds(5), () -> probe.zcard("hasp:{honest}:queue") == 1);
            held.release();
            Lease lease = waiting.get(millis(Duration.ofSeconds(5)), TimeUnit.MILLISECONDS);
            long claimed = lease.remaining().toMillis();
            long granted = (Long) redis.command("PTTL", "hasp:{honest}");
            assertThat(claimed).isPositive().isLessThanOrEqualTo(granted).isLessThanOrEqualTo(1_000);
            assertThat(lease.fencingToken()).isGreaterThan(held.fencingToken());
            // The short hand-off lease (the 1 s heartbeat window) is topped up to the full lease while still held.
            Timing.await("extended", Duration.ofSeconds(5), () -> lease.remaining().compareTo(Duration.ofSeconds(10)) > 0);
            assertThat((Long) redis.command("PTTL", "hasp:{honest}")).isGreaterThanOrEqualTo(lease.remaining().toMillis());
            assertThat(lease.release()).isTrue();
        }
    }

    @Test
    void aHandedOffFixedLeaseReleasedAtOnceIsNeverReportedLost() throws Exception {
        LockOptions options = LockOptions.builder().leaseTime(Duration.ofSeconds(20))
                .waiterHeartbeat(Duration.ofSeconds(1)).build();
        try (Hasp holderClient = connect(); Hasp waiterClient = connect()) {
            List<Lease> handedOff = new ArrayList<>();
            for (int round = 0; round < 30; round++) {
                String name = "brief-" + round;
                Lease held = holderClient.fairLock(name, options).tryAcquire().orElseThrow();
                CompletableFuture<Lease> waiting = waiterClient.fairLock(name, options)
                        .acquireAsync(Duration.ofMinutes(1));
                Timing.await("queued", Duration.ofSeconds(5), () -> probe.zcard("hasp:{" + name + "}:queue") == 1);
                held.release();
                Lease lease = waiting.get(millis(Duration.ofSeconds(5)), TimeUnit.MILLISECONDS);
                // A tiny critical section, released before the top-up to the full lease is due.
                assertThat(lease.release()).isTrue();
                handedOff.add(lease);
            }
            assertThat(waiterClient.fairLock("after", options).tryAcquire().orElseThrow().release()).isTrue();
            assertThat(handedOff).noneMatch(lease -> lease.lost().toCompletableFuture().isDone());
        }
    }

    @Test
    void aWaiterKilledWhileQueuedHoldsUpTheQueueForAtMostTwoHeartbeatWindows() throws Exception {
        long heartbeatMillis = 500;
        LockOptions options = LockOptions.builder().waiterHeartbeat(Duration.ofMillis(heartbeatMillis)).build();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (Hasp holderClient = connect(); Hasp waiterClient = connect()) {
            Lease held = holderClient.fairLock("dead", options).tryAcquire().orElseThrow();
            // Client-compiler-only and serial GC: the child only has to start quickly and wait.
            Process child = new ProcessBuilder(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                    System.getProperty("java.class.path"),
                    FairWaiterProcess.class.getName(), redis.uri(), "dead", Long.toString(heartbeatMillis)))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                Timing.await("the child queued", Duration.ofSeconds(20),
                        () -> probe.zcard("hasp:{dead}:queue") == 1);
                CompletableFuture<Lease> next = waiterClient.fairLock("dead", options)
                        .acquireAsync(Duration.ofMinutes(1));
                Timing.await("the next waiter queued", Duration.ofSeconds(5),
                        () -> probe.zcard("hasp:{dead}:queue") == 2);
                child.destroyForcibly().waitFor();
                // Released at once, the lock goes to the dead child, whose entry is still live: the short hand-off
                // lease expires unextended, and the next waiter's re-check takes the lock.
                long releasedAt = System.nanoTime();
                held.release();
                Lease lease = next.get(millis(Duration.ofSeconds(10)), TimeUnit.MILLISECONDS);
                assertThat(Duration.ofNanos(System.nanoTime() - releasedAt))
                        .isLessThan(Duration.ofMillis(2 * heartbeatMillis).plus(Timing.scaled(Duration.ofMillis(500))));
                assertThat(lease.fencingToken()).isGreaterThan(held.fencingToken());
                lease.release();
                assertThat(probe.exists("hasp:{dead}:queue")).isFalse();
            } finally {
                child.destroyForcibly();
            }
        }
    }

    /**
     * A free lock with a live waiter queued (its holder's key gone without a release: expired, or deleted) belongs to
     * that waiter: a newcomer's try, whose fast path takes a free lock in its first call, must undo that and hand the
     * lock to the head instead.
     */
    @Test
    void aTryOnAFreeLockWithALiveWaiterQueuedHandsItToTheWaiter() throws Exception {
        try (Hasp holderClient = connect(); Hasp waiterClient = connect(); Hasp newcomerClient = connect()) {
            Lease held = holderClient.fairLock("barge").tryAcquire().orElseThrow();
            CompletableFuture<Lease> waiting = waiterClient.fairLock("barge").acquireAsync(Duration.ofMinutes(1));
            Timing.await("queued", Duration.ofSeconds(5), () -> probe.zcard("hasp:{barge}:queue") == 1);
            redis.command("DEL", "hasp:{barge}");

            assertThat(newcomerClient.fairLock("barge").tryAcquire()).isEmpty();
            Lease handedOver = waiting.get(millis(Duration.ofSeconds(5)), TimeUnit.MILLISECONDS);
            assertThat(handedOver.fencingToken()).isGreaterThan(held.fencingToken());
            assertThat(handedOver.release()).isTrue();
            assertThat(held.release()).isFalse();
        }
    }

    @Test
    void cancelledAndTimedOutWaitersLeaveTheQueue() throws Exception {
        try (Hasp holderClient = connect(); Hasp waiterClient = connect()) {
            Lease held = holderClient.fairLock("leave").tryAcquire().orElseThrow();
            Lock lock = waiterClient.fairLock("leave");

            CompletableFuture<Lease> cancelled = lock.acquireAsync(Duration.ofMinutes(1));
            Timing.await("queued", Duration.ofSeconds(5), () -> probe.zcard("hasp:{leave}:queue") == 1);
            cancelled.cancel(true);
            awaitEmptyQueue("leave");

            assertThat(lock.tryAcquire(Duration.ofMillis(300))).isEmpty();
            awaitEmptyQueue("leave");

            held.release();
            assertThat(probe.exists("hasp:{leave}")).as("nobody was handed the lock").isFalse();
        }
    }

    @Test
    void aGrantRacingACancelIsPassedOn() throws Exception {
        try (Hasp holderClient = connect(); Hasp waiterClient = connect()) {
            for (int i = 0; i < 30; i++) {
                Lease held = holderClient.fairLock("race").tryAcquire().orElseThrow();
                CompletableFuture<Lease> waiting = waiterClient.fairLock("race").acquireAsync(Duration.ofMinutes(1));
                Timing.await("queued", Duration.ofSeconds(5), () -> probe.zcard("hasp:{race}:queue") == 1);
                CompletableFuture<Boolean> releasing = held.releaseAsync();
                if (!waiting.cancel(true)) {
                    waiting.join().release();
                }
                assertThat(releasing.get(millis(Duration.ofSeconds(5)), TimeUnit.MILLISECONDS)).isTrue();
                Timing.await("the lock passed on and freed", Duration.ofSeconds(5),
                        () -> !probe.exists("hasp:{race}") && !probe.exists("hasp:{race}:queue"));
            }
        }
    }

    @Test
    void plainAndFairLeasesOnOneNameExcludeEachOther() throws Exception {
        LockOptions options = LockOptions.builder().waiterHeartbeat(Duration.ofMillis(300)).build();
        try (Hasp one = connect(); Hasp two = connect()) {
            Lease fair = one.fairLock("mixed", options).tryAcquire().orElseThrow();
            assertThat(two.lock("mixed").tryAcquire()).isEmpty();
            fair.release();

            Lease plain = one.lock("mixed").tryAcquire().orElseThrow();
            assertThat(two.fairLock("mixed", options).tryAcquire()).isEmpty();
            CompletableFuture<Lease> fairWaiter = two.fairLock("mixed", options).acquireAsync(Duration.ofMinutes(1));
            Timing.await("queued", Duration.ofSeconds(5), () -> probe.zcard("hasp:{mixed}:queue") == 1);
            plain.release();
            // No message reaches fair waiters from a plain release; their re-check takes the freed lock.
            Lease next = fairWaiter.get(millis(Duration.ofSeconds(2)), TimeUnit.MILLISECONDS);
            assertThat(next.fencingToken()).isGreaterThan(plain.fencingToken());
            next.release();
        }
    }

    @Test
    void foreignDataAtAnyFairLockKeyFailsEveryAcquireFormAndStaysUntouched() {
        List<String> suffixes = List.of("", ":fence", ":queue", ":live");
        try (Hasp hasp = connect()) {
            for (String suffix : suffixes) {
                String name = "foreign" + suffix.replace(':', '-');
                String key = "hasp:{" + name + "}" + suffix;
                redis.command("HSET", key, "owner", "someone else");
                Lock lock = hasp.fairLock(name);
                assertThatThrownBy(lock::tryAcquire).as(key).isInstanceOf(KeyConflictException.class)
                        .hasMessageContaining(key);
                assertThatThrownBy(() -> lock.acquire(Duration.ofSeconds(5))).as(key)
                        .isInstanceOf(KeyConflictException.class).hasMessageContaining(key);
                assertThat(redis.command("HGET", key, "owner")).as(key).isEqualTo("someone else");
                for (String other : suffixes) {
                    if (!other.equals(suffix)) {
                        assertThat(probe.exists("hasp:{" + name + "}" + other)).as(other + " beside " + key).isFalse();
                    }
                }
            }
        }
    }

    @Test
    void aForeignStringAtTheFenceKeyOfAFreeFairLockFailsTheAcquireAndStaysUntouched() {
        // The free-lock fast path takes the lock first and reads the fence as any string: it must refuse this one and
        // undo its SET.
        try (Hasp hasp = connect()) {
            redis.command("SET", "hasp:{foreign-fence-text}:fence", "12 apples");
            assertThatThrownBy(() -> hasp.fairLock("foreign-fence-text").tryAcquire())
                    .isInstanceOf(KeyConflictException.class).hasMessageContaining("hasp:{foreign-fence-text}:fence");
            assertThat(redis.command("GET", "hasp:{foreign-fence-text}:fence")).isEqualTo("12 apples");
            assertThat(probe.exists("hasp:{foreign-fence-text}")).isFalse();
        }
    }

    @Test
    void aReleaseThatFindsForeignDataInTheQueueKeysChangesNothing() {
        try (Hasp hasp = connect()) {
            Lease lease = hasp.fairLock("foreign-at-release").tryAcquire().orElseThrow();
            redis.command("SET", "hasp:{foreign-at-release}:live", "someone else's");
            assertThatThrownBy(lease::release).isInstanceOf(KeyConflictException.class)
                    .hasMessageContaining("hasp:{foreign-at-release}:live");
            assertThat(redis.command("GET", "hasp:{foreign-at-release}:live")).isEqualTo("someone else's");
            assertThat(redis.command("GET", "hasp:{foreign-at-release}")).asString().startsWith("hasp1:");
        }
    }

    @Test
    void badNamesAndOptionsFailBeforeReachingRedis() {
        try (Hasp hasp = connect()) {
            probe.resetStats();
            assertThatThrownBy(() -> hasp.fairLock("a{b}")).isInstanceOf(HaspArgumentException.class);
            assertThatThrownBy(() -> hasp.fairLock(" ")).isInstanceOf(HaspArgumentException.class);
            assertThatThrownBy(() -> hasp.fairLock("ok", null)).isInstanceOf(HaspArgumentException.class);
            assertThatThrownBy(() -> hasp.fairLock("ok").acquire(Duration.ofSeconds(-1)))
                    .isInstanceOf(HaspArgumentException.class);
            assertThat(probe.calls("evalsha") + probe.calls("eval")).isZero();
        }
    }

    private static void awaitEmptyQueue(String name) {
        Timing.await("the queue of " + name + " empty", Duration.ofSeconds(5), () -> probe.channels() == 0
                && !probe.exists("hasp:{" + name + "}:queue") && !probe.exists("hasp:{" + name + "}:live"));
    }
}
