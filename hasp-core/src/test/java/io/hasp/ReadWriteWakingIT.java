package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What the read-write lock costs Redis and whom its releases wake: readers of one client share the lock without
 * waiting for a release, a waiting writer hears only the release that lets it in, and an uncontended cycle takes a
 * known number of Redis calls. Every timed re-check is minutes away ({@link MessageOnlyOptions}), so a waiter moves
 * only by a message or by its own line.
 */
class ReadWriteWakingIT extends OneRedisWithProbe {
    private static final Duration PROMPTLY = Timing.scaled(Duration.ofSeconds(5));

    private static void awaitWaiting(String name, long clients) {
        Timing.await(clients + " waiting clients", Duration.ofSeconds(10),
                () -> probe.subscribers("hasp:{" + name + "}:rw:wake") == clients
                        && probe.zcard("hasp:{" + name + "}:rw:waiters") == clients);
    }

    private static Lease promptly(CompletableFuture<Lease> waiting) throws Exception {
        return waiting.get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void readersOfOneClientShareTheLockWithoutWaitingForARelease() throws Exception {
        try (Hasp writers = connect(); Hasp readers = connect()) {
            Lease write = writers.readWriteLock("share", MessageOnlyOptions.get()).writeLock().tryAcquire()
                    .orElseThrow();
            Lock read = readers.readWriteLock("share", MessageOnlyOptions.get()).readLock();
            CompletableFuture<Lease> first = read.acquireAsync(Duration.ofMinutes(1));
            CompletableFuture<Lease> second = read.acquireAsync(Duration.ofMinutes(1)); // behind the first
            awaitWaiting("share", 1);
            write.release();
            // The first reader holds on; the second must get in beside it, not wait for its release.
            Lease one = promptly(first);
            Lease two = promptly(second);
            assertThat(one.isValid()).isTrue();
            assertThat(two.isValid()).isTrue();
            assertThat(two.fencingToken()).isEqualTo(write.fencingToken()).isEqualTo(one.fencingToken());
            one.release();
            two.release();
        }
    }

    @Test
    void theWaitingReadersOfOneClientGetInWithOneAttempt() throws Exception {
        try (Hasp writers = connect(); Hasp readers = connect()) {
            Lease write = writers.readWriteLock("batch", MessageOnlyOptions.get()).writeLock().tryAcquire()
                    .orElseThrow();
            Lock read = readers.readWriteLock("batch", MessageOnlyOptions.get()).readLock();
            probe.resetStats();
            List<CompletableFuture<Lease>> waiting = List.of(read.acquireAsync(Duration.ofMinutes(1)),
                    read.acquireAsync(Duration.ofMinutes(1)), read.acquireAsync(Duration.ofMinutes(1)));
            awaitWaiting("batch", 1);
            FinalChecks.await(probe, 2, readers); // the head's attempt and its check after subscribing
            probe.resetStats();
            write.release();
            for (CompletableFuture<Lease> reader : waiting) {
                assertThat(promptly(reader).isValid()).isTrue();
            }
            assertThat(probe.zcard("hasp:{batch}:rw:readers")).isEqualTo(3); // each reader its own lease
            assertThat(probe.calls("evalsha")).isEqualTo(2); // the write release, one attempt for all three
            for (CompletableFuture<Lease> reader : waiting) {
                assertThat(reader.join().release()).isTrue();
            }
            assertThat(probe.exists("hasp:{batch}:rw:readers")).isFalse();
        }
    }

    @Test
    void aWaitingWriterIsWokenOnlyByTheLastReadersRelease() throws Exception {
        try (Hasp readers = connect(); Hasp writers = connect()) {
            Lock read = readers.readWriteLock("last", MessageOnlyOptions.get()).readLock();
            List<Lease> held = List.of(read.tryAcquire().orElseThrow(), read.tryAcquire().orElseThrow(),
                    read.tryAcquire().orElseThrow());
            CompletableFuture<Lease> writing = writers.readWriteLock("last", MessageOnlyOptions.get()).writeLock()
                    .acquireAsync(Duration.ofMinutes(1));
            awaitWaiting("last", 1);
            probe.resetStats();
            held.get(0).release();
            held.get(1).release();
            assertThat(probe.calls("publish")).isZero();
            assertThat(writing).isNotDone();
            held.get(2).release();
            Lease write = promptly(writing);
            assertThat(probe.calls("publish")).isEqualTo(1);
            write.release();
        }
    }

    @Test
    void anUncontendedCycleTakesAKnownNumberOfRedisCalls() throws Exception {
        try (Hasp hasp = connect()) {
            ReadWriteLock rw = hasp.readWriteLock("census");
            rw.readLock().acquire(Duration.ofSeconds(5)).release(); // loads the scripts
            rw.writeLock().acquire(Duration.ofSeconds(5)).release();
            probe.resetStats();
            for (int i = 0; i < 10; i++) {
                rw.readLock().acquire(Duration.ofSeconds(5)).release();
            }
            // acquire: evalsha, get, time, zcount, get, zcard, zadd, pttl, pexpire, zrem;
            // release: evalsha, zscore, zrem, time, zcount, zcard
            assertThat(probe.totalCalls()).isEqualTo(10 * 16);
            probe.resetStats();
            for (int i = 0; i < 10; i++) {
                rw.writeLock().acquire(Duration.ofSeconds(5)).release();
            }
            // acquire: evalsha, get, time, zcard, get, zcard, zrem, zrem, set, set; release: evalsha, get, del, zcard
            assertThat(probe.totalCalls()).isEqualTo(10 * 14);
            assertThat(probe.calls("publish")).isZero();
        }
    }
}
