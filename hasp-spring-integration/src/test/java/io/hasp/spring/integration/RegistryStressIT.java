package io.hasp.spring.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Several application instances (a registry on its own Hasp client each, several threads each) increment one
 * unsynchronised counter under executeLocked: the count must be exact and no two sections may overlap.
 */
class RegistryStressIT extends OneRedisPerClass {
    private static final int INSTANCES = 4;
    private static final int THREADS_PER_INSTANCE = 3;
    private static final int ROUNDS = 100;

    private int counter; // deliberately not synchronised: only the distributed lock protects it
    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicInteger overlaps = new AtomicInteger();

    @Test
    void separateRegistriesKeepTheCounterExact() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(INSTANCES * THREADS_PER_INSTANCE);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                HaspLockRegistry registry = newRegistry("stress");
                for (int t = 0; t < THREADS_PER_INSTANCE; t++) {
                    workers.add(pool.submit(() -> {
                        for (int r = 0; r < ROUNDS; r++) {
                            registry.executeLocked("counter", this::increment);
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> worker : workers) {
                worker.get(Timing.scaled(Duration.ofSeconds(120)).toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(overlaps).hasValue(0);
        assertThat(counter).isEqualTo(INSTANCES * THREADS_PER_INSTANCE * ROUNDS);
        assertThat(exists("hasp:{stress:counter}")).isFalse();
    }

    private void increment() {
        if (inside.incrementAndGet() != 1) {
            overlaps.incrementAndGet();
        }
        int seen = counter;
        Thread.yield(); // widen the read-modify-write window, so a broken lock loses updates
        counter = seen + 1;
        inside.decrementAndGet();
    }
}
