package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** A read-write lock's downgrade: write to read in one step, no writer in between, the write's fence, bad input. */
class ReadWriteDowngradeIT extends OneRedisPerClass {
    private static final long WAIT_MS = Timing.scaled(Duration.ofSeconds(10)).toMillis();

    @Test
    void theReadLeaseCarriesTheWritesFenceAndOnlyReadersMayJoin() throws Exception {
        try (Hasp other = Hasp.connect(redis.uri())) {
            ReadWriteLock rw = hasp.readWriteLock("doc");
            Lease write = rw.writeLock().tryAcquire().orElseThrow();
            Lease read = rw.downgrade(write);
            assertThat(read.fencingToken()).isEqualTo(write.fencingToken());
            assertThat(read.isValid()).isTrue();
            assertThat(write.isValid()).isFalse();
            assertThatThrownBy(write::checkValid).isInstanceOf(LockNotHeldException.class);
            write.close(); // ended by the downgrade: closing sends nothing and takes nothing away
            assertThat(redis.command("EXISTS", "hasp:{doc}:rw")).isEqualTo(0L);
            assertThat(redis.command("ZCARD", "hasp:{doc}:rw:readers")).isEqualTo(1L);

            ReadWriteLock seen = other.readWriteLock("doc");
            Lease joined = seen.readLock().tryAcquire().orElseThrow();
            assertThat(joined.fencingToken()).isEqualTo(write.fencingToken());
            assertThat(seen.writeLock().tryAcquire()).isEmpty();
            read.extend(Duration.ofSeconds(20)); // the read lease renews and releases as any reader's
            assertThat(read.release()).isTrue();
            assertThat(seen.writeLock().tryAcquire()).isEmpty();
            joined.close();
            Lease next = seen.writeLock().tryAcquire().orElseThrow();
            assertThat(next.fencingToken()).isGreaterThan(write.fencingToken());
            assertThatThrownBy(() -> rw.downgrade(write)).isInstanceOf(LockNotHeldException.class);
            next.close();
        }
    }

    @Test
    void aWaitingWriterGetsInOnlyAfterTheDowngradedReaderLeaves() throws Exception {
        try (Hasp other = Hasp.connect(redis.uri())) {
            ReadWriteLock rw = hasp.readWriteLock("queue");
            Lease write = rw.writeLock().tryAcquire().orElseThrow();
            CompletableFuture<Lease> waiting = other.readWriteLock("queue").writeLock()
                    .acquireAsync(Duration.ofMillis(WAIT_MS));
            awaitIntent("hasp:{queue}:rw:writing");
            Lease read = rw.downgradeAsync(write).get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(read.isValid()).isTrue();
            assertThat(other.readWriteLock("queue").readLock().tryAcquire())
                    .as("a waiting writer's intent still keeps new readers out").isEmpty();
            assertThat(waiting).isNotDone();
            read.close();
            Lease taken = waiting.get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(taken.fencingToken()).isGreaterThan(read.fencingToken());
            taken.close();
        }
    }

    /**
     * Writers that downgrade, plain writers and readers on three clients, with an in-test referee: a downgrader turns
     * itself into a reader in the referee's books while it still holds the write side, so a writer admitted in a gap
     * of the downgrade would find a reader and count a violation.
     */
    @Test
    void noWriterEverGetsInBetweenAWriteAndItsDowngradedRead() throws Exception {
        AtomicInteger readers = new AtomicInteger();
        AtomicInteger writers = new AtomicInteger();
        AtomicInteger violations = new AtomicInteger();
        AtomicLong lastWrite = new AtomicLong();
        AtomicInteger downgrades = new AtomicInteger();
        List<Hasp> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            for (int c = 0; c < 3; c++) {
                clients.add(Hasp.connect(redis.uri()));
            }
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                ReadWriteLock rw = clients.get(t % 3).readWriteLock("stress");
                int role = t % 3; // 0: downgrading writer, 1: plain writer, 2: reader
                workers.add(pool.submit(() -> {
                    for (int r = 0; r < 15; r++) {
                        if (role == 2) {
                            try (Lease lease = rw.readLock().acquire(Duration.ofMillis(WAIT_MS * 3))) {
                                readers.incrementAndGet();
                                if (writers.get() != 0 || lease.fencingToken() != lastWrite.get()) {
                                    violations.incrementAndGet();
                                }
                                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                                readers.decrementAndGet();
                            }
                            continue;
                        }
                        Lease write = rw.writeLock().acquire(Duration.ofMillis(WAIT_MS * 3));
                        if (writers.incrementAndGet() != 1 || readers.get() != 0
                                || write.fencingToken() <= lastWrite.get()) {
                            violations.incrementAndGet();
                        }
                        lastWrite.set(write.fencingToken());
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                        if (role == 1) {
                            writers.decrementAndGet();
                            write.close();
                            continue;
                        }
                        readers.incrementAndGet();
                        writers.decrementAndGet();
                        try (Lease read = rw.downgrade(write)) {
                            downgrades.incrementAndGet();
                            if (read.fencingToken() != lastWrite.get()) {
                                violations.incrementAndGet();
                            }
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(3));
                            if (writers.get() != 0) {
                                violations.incrementAndGet();
                            }
                            readers.decrementAndGet();
                        }
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
        assertThat(violations).hasValue(0);
        assertThat(downgrades).hasValue(30);
    }

    @Test
    void onlyALiveWriteLeaseOfThisLockOnThisClientIsDowngraded() throws Exception {
        ReadWriteLock rw = hasp.readWriteLock("only");
        assertThatThrownBy(() -> rw.downgrade(null)).isInstanceOf(HaspArgumentException.class);
        Lease read = rw.readLock().tryAcquire().orElseThrow();
        assertThatThrownBy(() -> rw.downgrade(read)).isInstanceOf(HaspArgumentException.class)
                .hasMessageContaining("writeLock()");
        read.close();
        Lease plain = hasp.lock("only").tryAcquire().orElseThrow();
        assertThatThrownBy(() -> rw.downgrade(plain)).isInstanceOf(HaspArgumentException.class);
        plain.close();
        Lease elsewhere = hasp.readWriteLock("elsewhere").writeLock().tryAcquire().orElseThrow();
        assertThatThrownBy(() -> rw.downgrade(elsewhere)).isInstanceOf(HaspArgumentException.class);
        assertThat(elsewhere.isValid()).as("a refused downgrade leaves the lease alone").isTrue();
        elsewhere.close();
        try (Hasp other = Hasp.connect(redis.uri())) {
            Lease foreignClient = other.readWriteLock("only").writeLock().tryAcquire().orElseThrow();
            assertThatThrownBy(() -> rw.downgrade(foreignClient)).isInstanceOf(HaspArgumentException.class);
            foreignClient.close();
        }

        Lease gone = rw.writeLock().tryAcquire().orElseThrow();
        redis.command("DEL", "hasp:{only}:rw");
        assertThatThrownBy(() -> rw.downgrade(gone)).isInstanceOf(LockLostException.class);
        assertThat(gone.lost().toCompletableFuture().get(WAIT_MS, TimeUnit.MILLISECONDS)).isNotNull();
        assertThat(redis.command("EXISTS", "hasp:{only}:rw:readers")).as("no reader written").isEqualTo(0L);
        assertThat(rw.writeLock().tryAcquire()).as("nothing left behind").isPresent();
    }

    @Test
    void foreignDataAtTheReadersKeyRefusesTheDowngradeAndIsUntouched() {
        ReadWriteLock rw = hasp.readWriteLock("mixed");
        Lease write = rw.writeLock().tryAcquire().orElseThrow();
        redis.command("SET", "hasp:{mixed}:rw:readers", "someone's");
        assertThatThrownBy(() -> rw.downgrade(write)).isInstanceOf(KeyConflictException.class)
                .hasMessageContaining("hasp:{mixed}:rw:readers");
        assertThat(redis.command("GET", "hasp:{mixed}:rw:readers")).isEqualTo("someone's");
        assertThat(redis.command("EXISTS", "hasp:{mixed}:rw")).as("the writer key stays").isEqualTo(1L);
        assertThat(write.release()).as("the write lease can still be released").isTrue();
    }

    private static void awaitIntent(String key) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!Long.valueOf(1).equals(redis.command("ZCARD", key))) {
            assertThat(System.nanoTime() - deadline).as("the writer's intent is recorded in time").isNegative();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
