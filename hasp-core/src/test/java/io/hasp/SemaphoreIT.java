package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.testkit.RedisServer;
import io.hasp.testkit.Timing;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The semaphore on one Redis: never more permits held than it has, permits come back, loss, fairness, input. */
class SemaphoreIT extends OneRedisPerClass {
    private static final long WAIT_MS = Timing.scaled(Duration.ofSeconds(10)).toMillis();

    @Test
    void neverMoreHoldersThanPermitsAcrossClientsAndAllComplete() throws Exception {
        int permits = 3;
        int threads = 12;
        int rounds = 15;
        AtomicInteger held = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Set<Long> fences = ConcurrentHashMap.newKeySet();
        List<Hasp> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int c = 0; c < 3; c++) {
                clients.add(Hasp.connect(redis.uri()));
            }
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Semaphore semaphore = clients.get(t % 3).semaphore("pool", permits);
                int asked = 1 + t % 2;
                workers.add(pool.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        try (Lease lease = semaphore.acquire(asked, Duration.ofMillis(WAIT_MS * 3))) {
                            fences.add(lease.fencingToken());
                            int now = held.addAndGet(asked);
                            most.accumulateAndGet(now, Math::max);
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                            lease.checkValid();
                            held.addAndGet(-asked);
                        }
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(WAIT_MS * 6, TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
            clients.forEach(Hasp::close);
        }
        assertThat(most.get()).isLessThanOrEqualTo(permits).isGreaterThan(1);
        assertThat(done).hasValue(threads * rounds);
        assertThat(fences).hasSize(threads * rounds); // one fence per grant
        assertThat(redis.command("EXISTS", "hasp:{pool}:semaphore")).isEqualTo(0L);
    }

    @Test
    void aDeadHoldersPermitsComeBackWhenItsLeaseEnds() throws Exception {
        Duration lease = Duration.ofMillis(800);
        Hasp doomed = Hasp.builder().uri(redis.uri())
                .defaultOptions(LockOptions.builder().watchdog(lease).build()).build();
        Lease taken = doomed.semaphore("dead", 2).tryAcquire(2).orElseThrow();
        assertThat(hasp.semaphore("dead", 2).tryAcquire(1)).isEmpty();
        long diedAt = System.nanoTime();
        doomed.close(); // stops renewing and releases nothing, as a killed process would
        // The loss signal completes on the client's executor, just after close marked the lease lost.
        assertThat(taken.lost().toCompletableFuture().get(WAIT_MS, TimeUnit.MILLISECONDS)).isNotNull();
        Lease back = hasp.semaphore("dead", 2).acquire(2, Duration.ofMillis(WAIT_MS));
        assertThat(Duration.ofNanos(System.nanoTime() - diedAt))
                .isLessThan(lease.plus(Timing.scaled(Duration.ofMillis(500))));
        assertThat(back.fencingToken()).isGreaterThan(taken.fencingToken());
        back.close();
    }

    /** A holder in another JVM killed with SIGKILL: no release, no renewal; its permits return within one lease. */
    @Test
    void aSigkilledHolderProcesssPermitsComeBackWithinOneLease() throws Exception {
        long leaseMillis = 1_000;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                PermitHolderProcess.class.getName(), redis.uri(), "killed", "3", "2", Long.toString(leaseMillis)))
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            List<String> before = new ArrayList<>();
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("HELD")) {
                before.add(line); // the child's log lines until it holds: shown if it never does
            }
            assertThat(line).as("child reported holding; it printed %s", before).startsWith("HELD");
            long childFence = Long.parseLong(line.split(" ")[1]);
            Semaphore semaphore = hasp.semaphore("killed", 3);
            assertThat(semaphore.tryAcquire(2)).as("2 of 3 permits are held").isEmpty();

            long killedAt = System.nanoTime();
            holder.destroyForcibly().waitFor(); // SIGKILL
            Lease all = semaphore.acquire(3, Duration.ofMillis(WAIT_MS));
            assertThat(Duration.ofNanos(System.nanoTime() - killedAt))
                    .isLessThan(Duration.ofMillis(leaseMillis).plus(Timing.scaled(Duration.ofMillis(500))));
            assertThat(all.fencingToken()).isGreaterThan(childFence);
            all.close();
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void deletedKeysAreReportedAsLoss() throws Exception {
        Hasp watched = Hasp.builder().uri(redis.uri())
                .defaultOptions(LockOptions.builder().watchdog(Duration.ofMillis(600)).build()).build();
        try {
            Lease lease = watched.semaphore("gone", 2).tryAcquire(1).orElseThrow();
            redis.command("DEL", "hasp:{gone}:semaphore", "hasp:{gone}:semaphore:counts");
            LockLostException reason = lease.lost().toCompletableFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(reason).hasMessageContaining("gone");
            assertThatThrownBy(lease::checkValid).isInstanceOf(LockLostException.class);
            assertThat(lease.release()).isFalse();
        } finally {
            watched.close();
        }
    }

    @Test
    void aLargeRequestIsServedBeforeLaterSmallOnes() throws Exception {
        try (Hasp other = Hasp.connect(redis.uri()); Hasp third = Hasp.connect(redis.uri())) {
            Lease small = hasp.semaphore("fair", 4).tryAcquire(3).orElseThrow();
            CompletableFuture<Lease> large = other.semaphore("fair", 4).acquireAsync(4, Duration.ofMillis(WAIT_MS));
            awaitCondition(() -> Long.valueOf(1).equals(redis.command("ZCARD", "hasp:{fair}:semaphore:queue")));
            Semaphore later = third.semaphore("fair", 4);
            assertThat(later.tryAcquire(1)).as("one permit is free, but an earlier call waits").isEmpty();
            CompletableFuture<Lease> after = later.acquireAsync(1, Duration.ofMillis(WAIT_MS));
            awaitCondition(() -> Long.valueOf(2).equals(redis.command("ZCARD", "hasp:{fair}:semaphore:queue")));
            assertThat(large).isNotDone();
            assertThat(after).isNotDone();

            small.close();
            Lease all = large.get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(after).isNotDone();
            all.close();
            Lease last = after.get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(last.fencingToken()).isGreaterThan(all.fencingToken());
            last.close();
        }
    }

    @Test
    void aWaiterThatGivesUpLeavesTheQueueAtOnce() throws Exception {
        Lease held = hasp.semaphore("leave", 2).tryAcquire(2).orElseThrow();
        assertThat(hasp.semaphore("leave", 2).tryAcquire(2, Duration.ofMillis(200))).isEmpty();
        awaitCondition(() -> Long.valueOf(0).equals(redis.command("ZCARD", "hasp:{leave}:semaphore:queue")));
        held.close();
        assertThat(hasp.semaphore("leave", 2).tryAcquire(1)).isPresent();
    }

    @Test
    void setPermitsKeepsHoldersAndGrantsOnlyBelowTheNewCount() throws Exception {
        Semaphore semaphore = hasp.semaphore("resize", 2);
        Lease first = semaphore.tryAcquire(1).orElseThrow();
        Lease second = semaphore.tryAcquire(1).orElseThrow();
        semaphore.setPermits(1);
        assertThat(semaphore.permits()).isEqualTo(1);
        assertThat(hasp.semaphore("resize", 5).permits()).as("the stored count wins").isEqualTo(1);
        first.extend(Duration.ofSeconds(30));
        assertThat(first.isValid()).isTrue();
        assertThat(second.isValid()).isTrue();
        assertThat(semaphore.tryAcquire(1)).isEmpty();
        first.close();
        assertThat(semaphore.tryAcquire(1)).as("1 held, count 1").isEmpty();

        CompletableFuture<Lease> waiter = semaphore.acquireAsync(1, Duration.ofMillis(WAIT_MS));
        semaphore.setPermits(2); // wakes the waiter while the holder still holds
        Lease grown = waiter.get(WAIT_MS, TimeUnit.MILLISECONDS);
        assertThat(second.isValid()).isTrue();
        grown.close();
        second.close();
        assertThatThrownBy(() -> semaphore.tryAcquire(3)).isInstanceOf(HaspArgumentException.class)
                .hasMessageContaining("only 2");
    }

    @Test
    void badInputIsRefusedAndWritesNothing() {
        assertThatThrownBy(() -> hasp.semaphore(null, 1)).isInstanceOf(HaspArgumentException.class);
        assertThatThrownBy(() -> hasp.semaphore("a{b}", 1)).isInstanceOf(HaspArgumentException.class);
        assertThatThrownBy(() -> hasp.semaphore("s", 0)).isInstanceOf(HaspArgumentException.class)
                .hasMessageContaining("permits");
        assertThatThrownBy(() -> hasp.semaphore("s", Semaphore.MAX_PERMITS + 1))
                .isInstanceOf(HaspArgumentException.class);
        assertThatThrownBy(() -> hasp.semaphore("s", 1, null)).isInstanceOf(HaspArgumentException.class);
        Semaphore semaphore = hasp.semaphore("s", 3);
        assertThatThrownBy(() -> semaphore.tryAcquire(0)).isInstanceOf(HaspArgumentException.class);
        assertThatThrownBy(() -> semaphore.tryAcquire(-2)).isInstanceOf(HaspArgumentException.class);
        assertThatThrownBy(() -> semaphore.tryAcquire(4)).isInstanceOf(HaspArgumentException.class);
        assertThatThrownBy(() -> semaphore.acquire(1, null)).isInstanceOf(HaspArgumentException.class);
        assertThatThrownBy(() -> semaphore.acquire(1, Duration.ofSeconds(-1)))
                .isInstanceOf(HaspArgumentException.class);
        assertThatThrownBy(() -> semaphore.setPermits(0)).isInstanceOf(HaspArgumentException.class);
        assertThatThrownBy(() -> semaphore.withOptions(null)).isInstanceOf(HaspArgumentException.class);
        assertThat(redis.command("DBSIZE")).isEqualTo(0L);
    }

    @Test
    void foreignDataAtItsKeysIsRefusedAndUntouched() {
        redis.command("SET", "hasp:{f}:semaphore", "someone's");
        assertThatThrownBy(() -> hasp.semaphore("f", 2).tryAcquire(1)).isInstanceOf(KeyConflictException.class)
                .hasMessageContaining("hasp:{f}:semaphore");
        assertThat(redis.command("GET", "hasp:{f}:semaphore")).isEqualTo("someone's");

        redis.command("SET", "hasp:{g}:semaphore:permits", "many");
        Semaphore g = hasp.semaphore("g", 2);
        assertThatThrownBy(() -> g.tryAcquire(1)).isInstanceOf(KeyConflictException.class)
                .hasMessageContaining("permits");
        assertThatThrownBy(() -> g.setPermits(3)).isInstanceOf(KeyConflictException.class);
        assertThatThrownBy(g::permits).isInstanceOf(KeyConflictException.class);
        assertThat(redis.command("GET", "hasp:{g}:semaphore:permits")).isEqualTo("many");

        redis.command("HSET", "hasp:{h}:semaphore:queue", "a", "1");
        assertThatThrownBy(() -> hasp.semaphore("h", 2).tryAcquire(1)).isInstanceOf(KeyConflictException.class);
        assertThat(redis.command("HGET", "hasp:{h}:semaphore:queue", "a")).isEqualTo("1");
        assertThat(redis.command("DBSIZE")).isEqualTo(3L);
    }

    /** Waits for a condition on Redis's state, checked every few ms, up to the scaled wait. */
    private static void awaitCondition(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("condition met in time").isNegative();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
