package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisServer;
import io.hasp.testkit.Timing;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 8 clients x 4 threads contend on one lock and do a deliberately non-atomic read-modify-write of a counter in Redis.
 * Only mutual exclusion keeps it exact; the fencing tokens must rise in the order the critical sections ran.
 */
class MutualExclusionStressIT {
    private static final int CLIENTS = 8;
    private static final int THREADS_PER_CLIENT = 4;
    private static final int SECTIONS_PER_THREAD = 25;

    @Test
    void theCounterIsExactAndFencesRiseInCriticalSectionOrder() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            List<Hasp> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(Hasp.connect(redis.uri()));
            }
            RedisClient raw = RedisClient.create(redis.uri());
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS * THREADS_PER_CLIENT);
            ConcurrentLinkedQueue<long[]> sections = new ConcurrentLinkedQueue<>();
            AtomicInteger done = new AtomicInteger();
            try {
                List<Future<?>> workers = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    Lock lock = clients.get(c).lock("counter");
                    for (int t = 0; t < THREADS_PER_CLIENT; t++) {
                        workers.add(pool.submit(() -> {
                            try (var connection = raw.connect()) {
                                RedisCommands<String, String> store = connection.sync();
                                for (int i = 0; i < SECTIONS_PER_THREAD; i++) {
                                    try (Lease lease = lock.acquire(Timing.scaled(Duration.ofSeconds(60)))) {
                                        String value = store.get("counter");
                                        long next = (value == null ? 0 : Long.parseLong(value)) + 1;
                                        Thread.yield(); // widen the window a broken lock would let others into
                                        store.set("counter", Long.toString(next));
                                        // The value written orders the sections; record the fence it ran under.
                                        sections.add(new long[] {next, lease.fencingToken()});
                                    }
                                    done.incrementAndGet();
                                }
                            }
                            return null;
                        }));
                    }
                }
                for (Future<?> worker : workers) {
                    worker.get();
                }
                long expected = (long) CLIENTS * THREADS_PER_CLIENT * SECTIONS_PER_THREAD;
                assertThat(done.get()).isEqualTo(expected);
                assertThat(redis.command("GET", "counter")).isEqualTo(Long.toString(expected));
                List<long[]> ordered = new ArrayList<>(sections);
                ordered.sort((x, y) -> Long.compare(x[0], y[0]));
                assertThat(ordered).hasSize((int) expected);
                for (int i = 1; i < ordered.size(); i++) {
                    assertThat(ordered.get(i)[0]).isEqualTo(ordered.get(i - 1)[0] + 1);
                    assertThat(ordered.get(i)[1]).isGreaterThan(ordered.get(i - 1)[1]);
                }
            } finally {
                pool.shutdownNow();
                raw.shutdown();
                clients.forEach(Hasp::close);
            }
        }
    }
}
