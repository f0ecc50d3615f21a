package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 10,000 virtual threads contend on 100 locks. Runs on JDK 21+ only (the build targets 17, so virtual threads are
 * reached by reflection); {@code .ci/run} runs it on the newer JDK of the machine too.
 */
class VirtualThreadsIT {
    @RegisterExtension
    static final RedisServerExtension REDIS_PER_TEST = RedisServerExtension.perTest();

    private static final int THREADS = 10_000;
    private static final int LOCKS = 100;

    @Test
    void tenThousandVirtualThreadsKeepMutualExclusion(RedisServer redis) throws Exception {
        ExecutorService virtualThreads = virtualThreadExecutor();
        assumeTrue(virtualThreads != null, "virtual threads need JDK 21+; running on " + Runtime.version());
        int[] counters = new int[LOCKS]; // plain ints: only the locks keep the increments exact
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        try (Hasp hasp = Hasp.connect(redis.uri())) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                int slot = i % LOCKS;
                Lock lock = hasp.lock("vt:" + slot);
                done.add(virtualThreads.submit(() -> {
                    try (Lease lease = lock.acquire(Timing.scaled(Duration.ofSeconds(120)))) {
                        if (inside.incrementAndGet() > LOCKS) {
                            overlaps.incrementAndGet();
                        }
                        int value = counters[slot];
                        Thread.yield();
                        counters[slot] = value + 1;
                        inside.decrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            virtualThreads.shutdownNow();
        }
        for (int slot = 0; slot < LOCKS; slot++) {
            assertThat(counters[slot]).as("sections under lock vt:%d", slot).isEqualTo(THREADS / LOCKS);
        }
        assertThat(overlaps.get()).isZero();
    }

    private static ExecutorService virtualThreadExecutor() {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
