package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The read-write lock on one Redis: exclusion, fences, writer preference, a dead reader, input. */
class ReadWriteLockIT extends OneRedisPerClass {
    private static final long WAIT_MS = Timing.scaled(Duration.ofSeconds(10)).toMillis();

    @Test
    void neverAWriterWithAnyoneElseAndFencesFollowTheWrites() throws Exception {
        ReadWriteReferee referee = new ReadWriteReferee();
        WorkersOnClients.run(OneRedisPerClass::connect, 8, 20, Duration.ofMillis(WAIT_MS * 6), (client, worker) -> {
            ReadWriteLock rw = client.readWriteLock("doc");
            if (worker < 2) {
                referee.write(rw.writeLock().acquire(Duration.ofMillis(WAIT_MS * 3)), 1);
            } else {
                referee.read(rw.readLock().acquire(Duration.ofMillis(WAIT_MS * 3)), 1);
            }
        });
        assertThat(referee.violations()).isZero();
        assertThat(referee.writes()).isEqualTo(40);
        assertThat(referee.reads()).isEqualTo(120);
    }

    @Test
    void aSteadyStreamOfReadersDoesNotStarveAWriter() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (Hasp readersClient = Hasp.connect(redis.uri()); Hasp writerClient = Hasp.connect(redis.uri())) {
            ReadWriteLock rw = readersClient.readWriteLock("hot");
            AtomicInteger holding = new AtomicInteger();
            for (int t = 0; t < 4; t++) {
                pool.submit(() -> {
                    // Hand over hand: each reader takes its next read lease before it lets go of the current one, so
                    // without writer preference some reader would hold the lock at every instant, for ever.
                    Lease current = rw.readLock().acquire(Duration.ofMillis(WAIT_MS * 3));
                    holding.incrementAndGet();
                    while (!stop.get()) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                        Lease next = rw.readLock().tryAcquire().orElse(null);
                        if (next == null) {
                            holding.decrementAndGet();
                            current.close();
                            next = rw.readLock().acquire(Duration.ofMillis(WAIT_MS * 3));
                            holding.incrementAndGet();
                        } else {
                            current.close();
                        }
                        current = next;
                    }
                    holding.decrementAndGet();
                    current.close();
                    return null;
                });
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
            while (holding.get() == 0) { // the stream is flowing before the writer arrives
                assertThat(System.nanoTime() - deadline).isNegative();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
            long start = System.nanoTime();
            Lease write = writerClient.readWriteLock("hot").writeLock().acquire(Duration.ofMillis(WAIT_MS));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Timing.scaled(Duration.ofSeconds(2)));
            assertThat(holding).hasValue(0);
            write.close();
            stop.set(true);
        } finally {
            stop.set(true);
            pool.shutdown();
            assertThat(pool.awaitTermination(WAIT_MS, TimeUnit.MILLISECONDS)).isTrue();
        }
    }

    @Test
    void aDeadReaderBlocksAWriterAtMostOneLeaseTime() throws Exception {
        Duration lease = Duration.ofMillis(800);
        Hasp doomed = Hasp.builder().uri(redis.uri())
                .defaultOptions(LockOptions.builder().watchdog(lease).build()).build();
        Lease read = doomed.readWriteLock("dead").readLock().tryAcquire().orElseThrow();
        Lock write = hasp.readWriteLock("dead").writeLock();
        assertThat(write.tryAcquire()).isEmpty();
        long diedAt = System.nanoTime();
        doomed.close(); // no renewal, no release: as a killed process
        Lease taken = write.acquire(Duration.ofMillis(WAIT_MS));
        assertThat(Duration.ofNanos(System.nanoTime() - diedAt))
                .isLessThan(lease.plus(Timing.scaled(Duration.ofMillis(500))));
        assertThat(taken.fencingToken()).isGreaterThan(read.fencingToken());
        taken.close();
    }

    @Test
    void badInputAndForeignDataAreRefusedAndNothingIsChanged() {
        assertThatThrownBy(() -> hasp.readWriteLock(null)).isInstanceOf(HaspArgumentException.class);
        assertThatThrownBy(() -> hasp.readWriteLock("a{b}")).isInstanceOf(HaspArgumentException.class);
        assertThatThrownBy(() -> hasp.readWriteLock("x", null)).isInstanceOf(HaspArgumentException.class);
        assertThatThrownBy(() -> hasp.readWriteLock("x").readLock().acquire(null))
                .isInstanceOf(HaspArgumentException.class);
        assertThat(redis.command("DBSIZE")).isEqualTo(0L);

        redis.command("SET", "hasp:{f}:rw:readers", "someone's");
        assertThatThrownBy(() -> hasp.readWriteLock("f").readLock().tryAcquire())
                .isInstanceOf(KeyConflictException.class).hasMessageContaining("hasp:{f}:rw:readers");
        assertThatThrownBy(() -> hasp.readWriteLock("f").writeLock().tryAcquire())
                .isInstanceOf(KeyConflictException.class);
        assertThat(redis.command("GET", "hasp:{f}:rw:readers")).isEqualTo("someone's");
        assertThat(redis.command("DBSIZE")).isEqualTo(1L);
    }

    @Test
    void foreignDataAtAnySideKeyIsRefusedAndNothingIsWritten() throws Exception {
        for (String side : new String[] {"writing", "waiters", "fence"}) {
            redis.command("FLUSHALL");
            String key = "hasp:{g}:rw:" + side;
            redis.command("SET", key, "someone's");
            ReadWriteLock rw = hasp.readWriteLock("g");
            for (Lock lock : new Lock[] {rw.readLock(), rw.writeLock()}) {
                // The waiting form: its first attempt registers in (or settles) the waiter registry.
                assertThatThrownBy(() -> lock.acquire(Duration.ofSeconds(1)))
                        .isInstanceOf(KeyConflictException.class).hasMessageContaining(key);
                assertThat(redis.command("DBSIZE")).isEqualTo(1L);
            }
            if (!side.equals("waiters")) { // a single try does not touch the registry
                assertThatThrownBy(() -> rw.readLock().tryAcquire()).isInstanceOf(KeyConflictException.class);
                assertThatThrownBy(() -> rw.writeLock().tryAcquire()).isInstanceOf(KeyConflictException.class);
            }
            assertThat(redis.command("GET", key)).isEqualTo("someone's");
            assertThat(redis.command("DBSIZE")).isEqualTo(1L);
        }
    }
}
