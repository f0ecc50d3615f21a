package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisNodes;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Many Redlock clients racing for one lock: split votes resolve, and nobody is left holding a minority. */
class RedlockContentionIT {
    @RegisterExtension
    static final RedisServerExtension NODES_PER_TEST = RedisServerExtension.perTest().nodes(3);

    private static final int CLIENTS = 12;
    private static final int ROUNDS = 3;

    @Test
    void clientsStartingTogetherAllEventuallyAcquireAndNoNodeKeepsAStrayKey(RedisNodes nodes) throws Exception {
        List<Hasp> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(RedlockClients.connect(nodes));
            }
            CyclicBarrier start = new CyclicBarrier(CLIENTS);
            AtomicInteger holders = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            AtomicInteger acquired = new AtomicInteger();
            List<Future<?>> racers = new ArrayList<>();
            for (Hasp client : clients) {
                racers.add(pool.submit(() -> {
                    Lock lock = client.lock("race");
                    for (int round = 0; round < ROUNDS; round++) {
                        start.await(); // every client sends its first attempt at the same moment
                        try (Lease lease = lock.acquire(Timing.scaled(Duration.ofSeconds(30)))) {
                            if (holders.incrementAndGet() != 1) {
                                overlaps.incrementAndGet();
                            }
                            acquired.incrementAndGet();
                            holders.decrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> racer : racers) {
                racer.get();
            }
            assertThat(overlaps).hasValue(0);
            assertThat(acquired).hasValue(CLIENTS * ROUNDS);
            // Every failed attempt released its minority at once: with 30 s leases, a stray key would still be here.
            // (The releases of the last rounds answer at a majority; the rest arrive just after.)
            Timing.await("no key left on any node", Duration.ofSeconds(5), () -> nodes.nodes().stream()
                    .allMatch(node -> Long.valueOf(0).equals(node.command("EXISTS", "hasp:{race}"))));
        } finally {
            pool.shutdownNow();
            clients.forEach(Hasp::close);
        }
    }

    @Test
    void failFastGivesUpAtOnceWhenAMajorityIsHeldByAnotherLease(RedisNodes nodes) throws InterruptedException {
        try (Hasp holder = RedlockClients.connect(nodes);
             Hasp impatient = RedlockClients.connect(nodes, b -> b.failFast(true));
             Lease lease = holder.lock("busy").acquire(Duration.ofSeconds(5))) {
            Duration wait = Timing.scaled(Duration.ofSeconds(20));
            long start = System.nanoTime();
            assertThat(impatient.lock("busy").tryAcquire(wait)).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(wait.dividedBy(4));
            assertThat(lease.isValid()).isTrue();
            lease.release();
            assertThat(impatient.lock("busy").tryAcquire(wait)).isPresent();
        }
    }
}
