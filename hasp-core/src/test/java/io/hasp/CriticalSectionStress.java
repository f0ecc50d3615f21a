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
import java.util.function.Function;

/**
 * The mutual-exclusion stress check, for any kind of lock: several clients x threads contend on one lock and do a
 * deliberately non-atomic read-modify-write of a counter in Redis. Only mutual exclusion keeps it exact; the fencing
 * tokens must rise in the order the critical sections ran.
 */
final class CriticalSectionStress {
    private CriticalSectionStress() {
    }

    /** Runs the check on a fresh lock made by {@code lockOf} in each client. */
    static void run(RedisServer redis, int clientCount, int threadsPerClient, int sectionsPerThread,
            Function<Hasp, Lock> lockOf) throws Exception {
        List<Hasp> clients = new ArrayList<>();
        try {
            for (int i = 0; i < clientCount; i++) {
                clients.add(Hasp.connect(redis.uri()));
            }
            run(clients, redis.uri(), threadsPerClient, sectionsPerThread, lockOf);
        } finally {
            clients.forEach(Hasp::close);
        }
    }

    /**
     * Runs the check with the caller's clients (any kind, e.g. Redlock; the caller closes them), keeping the counter
     * in the Redis at {@code storeUri}.
     */
    static void run(List<Hasp> clients, String storeUri, int threadsPerClient, int sectionsPerThread,
            Function<Hasp, Lock> lockOf) throws Exception {
        RedisClient raw = RedisClient.create(storeUri);
        ExecutorService pool = Executors.newFixedThreadPool(clients.size() * threadsPerClient);
        ConcurrentLinkedQueue<long[]> sections = new ConcurrentLinkedQueue<>();
        AtomicInteger done = new AtomicInteger();
        try (var check = raw.connect()) {
            List<Future<?>> workers = new ArrayList<>();
            for (Hasp client : clients) {
                Lock lock = lockOf.apply(client);
                for (int t = 0; t < threadsPerClient; t++) {
                    workers.add(pool.submit(() -> {
                        try (var connection = raw.connect()) {
                            RedisCommands<String, String> store = connection.sync();
                            for (int i = 0; i < sectionsPerThread; i++) {
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
            long expected = (long) clients.size() * threadsPerClient * sectionsPerThread;
            assertThat(done.get()).isEqualTo(expected);
            assertThat(check.sync().get("counter")).isEqualTo(Long.toString(expected));
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
        }
    }
}
