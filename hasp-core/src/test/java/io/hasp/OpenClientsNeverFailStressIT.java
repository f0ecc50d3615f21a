package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.Timing;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Busy hot keys with every client open throughout: several clients x threads take one read-write lock (reads,
 * writes, writes downgraded to reads), one lock, or one semaphore, back to back with no pause, for a while, the way the
 * bench's hot-key scenarios do. No operation may fail while the clients are open (one P3 cycle once failed with
 * {@link ClientClosedException} on an open client), and a referee checks exclusion throughout.
 */
class OpenClientsNeverFailStressIT extends OneRedisPerClass {
    private static final int CLIENTS = 4;
    private static final int THREADS_PER_CLIENT = 4;
    private static final Duration RUN = Duration.ofSeconds(3);
    private static final Duration WAIT = Timing.scaled(Duration.ofSeconds(30));

    /** One section of one thread on its client; a failure it throws is recorded. */
    private interface Section {
        void run(Hasp client) throws Exception;
    }

    @Test
    void readWriteLockWithDowngrades() throws Exception {
        ReadWriteReferee referee = new ReadWriteReferee();
        long sections = runOnOpenClients(client -> {
            ReadWriteLock rw = client.readWriteLock("hot-rw");
            int draw = ThreadLocalRandom.current().nextInt(20);
            if (draw == 0) {
                referee.write(rw.writeLock().acquire(WAIT), 0);
            } else if (draw == 1) {
                referee.writeThenRead(rw.writeLock().acquire(WAIT), rw::downgrade, 0);
            } else {
                referee.read(rw.readLock().acquire(WAIT), 0);
            }
        });
        assertThat(referee.violations()).isZero();
        assertThat(referee.writes()).isPositive();
        assertThat((long) referee.reads() + referee.writes()).isGreaterThanOrEqualTo(sections);
    }

    @Test
    void lockWithLocalHandOffs() throws Exception {
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger violations = new AtomicInteger();
        runOnOpenClients(client -> {
            Lease lease = client.lock("hot-lock").acquire(WAIT);
            if (holders.incrementAndGet() != 1) {
                violations.incrementAndGet();
            }
            holders.decrementAndGet();
            if (!lease.release()) {
                violations.incrementAndGet();
            }
        });
        assertThat(violations.get()).isZero();
    }

    @Test
    void semaphoreWithHandOffs() throws Exception {
        int permits = 2;
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger violations = new AtomicInteger();
        runOnOpenClients(client -> {
            Lease lease = client.semaphore("hot-permits", permits).acquire(1, WAIT);
            if (holders.incrementAndGet() > permits) {
                violations.incrementAndGet();
            }
            holders.decrementAndGet();
            if (!lease.release()) {
                violations.incrementAndGet();
            }
        });
        assertThat(violations.get()).isZero();
    }

    /**
     * Runs {@code section} back to back on every thread for {@link #RUN}, the clients open until every thread has
     * stopped; asserts that nothing failed and that every thread got through; returns the sections run.
     */
    private static long runOnOpenClients(Section section) throws Exception {
        List<Hasp> clients = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicLong sections = new AtomicLong();
        AtomicInteger idle = new AtomicInteger();
        long end = System.nanoTime() + RUN.toNanos();
        try {
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(connect());
            }
            for (int t = 0; t < CLIENTS * THREADS_PER_CLIENT; t++) {
                Hasp client = clients.get(t % CLIENTS);
                threads.add(new Thread(() -> {
                    long mine = 0;
                    while (System.nanoTime() - end < 0) {
                        try {
                            section.run(client);
                            mine++;
                        } catch (Exception e) {
                            failures.add(stackOf(e));
                            break;
                        }
                    }
                    sections.addAndGet(mine);
                    if (mine == 0) {
                        idle.incrementAndGet();
                    }
                }, "stress-" + t));
            }
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join(RUN.plus(WAIT).plus(WAIT).toMillis());
                assertThat(thread.isAlive()).as(thread.getName() + " stuck").isFalse();
            }
        } finally {
            clients.forEach(Hasp::close);
        }
        assertThat(failures).as("failures while every client was open").isEmpty();
        assertThat(idle.get()).as("threads that completed no section").isZero();
        return sections.get();
    }

    private static String stackOf(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
