package io.hasp.shedlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.Hasp;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** ShedLock's provider contract against HaspLockProvider and a real Redis; each provider is its own instance. */
@ExtendWith(RedisServerExtension.class)
class HaspLockProviderIT {
    private static final Duration LIVENESS = Duration.ofSeconds(10);
    private RedisServer redis;
    private final List<Hasp> clients = new ArrayList<>();

    @BeforeEach
    void flushRedis(RedisServer server) {
        redis = server;
        redis.command("FLUSHALL");
    }

    @AfterEach
    void closeClients() {
        clients.forEach(Hasp::close);
    }

    @Test
    void aHeldLockIsNotGrantedAgainUntilUnlocked() {
        HaspLockProvider one = newProvider();
        HaspLockProvider two = newProvider();
        SimpleLock lock = one.lock(config("held", Duration.ofSeconds(30), Duration.ZERO)).orElseThrow();
        assertThat(exists("hasp:{shedlock:held}")).isTrue();

        assertThat(two.lock(config("held", Duration.ofSeconds(30), Duration.ZERO))).isEmpty();
        assertThat(one.lock(config("held", Duration.ofSeconds(30), Duration.ZERO))).isEmpty();
        assertThat(two.lock(config("other", Duration.ofSeconds(30), Duration.ZERO))).isPresent();

        lock.unlock();
        assertThat(exists("hasp:{shedlock:held}")).isFalse();
        assertThatThrownBy(lock::unlock).isInstanceOf(IllegalStateException.class);
        assertThat(two.lock(config("held", Duration.ofSeconds(30), Duration.ZERO))).isPresent();
    }

    @Test
    void lockAtLeastForKeepsTheLockAfterAnEarlyUnlock() {
        HaspLockProvider one = newProvider();
        HaspLockProvider two = newProvider();
        one.lock(config("least", Duration.ofSeconds(30), Duration.ofMillis(800))).orElseThrow().unlock();

        assertThat(pttl("hasp:{shedlock:least}")).isPositive().isLessThanOrEqualTo(800L);
        assertThat(two.lock(config("least", Duration.ofSeconds(30), Duration.ZERO))).isEmpty();
        Timing.await("lockAtLeastFor passed", LIVENESS, () -> !exists("hasp:{shedlock:least}"));
        assertThat(two.lock(config("least", Duration.ofSeconds(30), Duration.ZERO))).isPresent();
    }

    @Test
    void anUnlockAfterLockAtLeastForDeletesTheKeyAtOnce() throws Exception {
        SimpleLock lock = newProvider().lock(config("past", Duration.ofSeconds(30), Duration.ofMillis(50)))
                .orElseThrow();
        Thread.sleep(60); // the job outlasts lockAtLeastFor: the elapsed time is the point, not a hope
        lock.unlock();
        assertThat(exists("hasp:{shedlock:past}")).isFalse();
    }

    @Test
    void lockAtMostForExpiresAndAStaleUnlockLeavesTheNextHolderAlone() {
        HaspLockProvider one = newProvider();
        HaspLockProvider two = newProvider();
        SimpleLock stale = one.lock(config("most", Duration.ofMillis(500), Duration.ZERO)).orElseThrow();
        assertThat(pttl("hasp:{shedlock:most}")).isLessThanOrEqualTo(500L);

        Timing.await("lockAtMostFor passed", LIVENESS, () -> !exists("hasp:{shedlock:most}"));
        SimpleLock next = two.lock(config("most", Duration.ofSeconds(30), Duration.ZERO)).orElseThrow();
        stale.unlock();
        assertThat(pttl("hasp:{shedlock:most}")).isGreaterThan(20_000L);
        next.unlock();
        assertThat(exists("hasp:{shedlock:most}")).isFalse();
    }

    @Test
    void theHolderExtendsAndTheOldLockIsSpent() {
        SimpleLock lock = newProvider().lock(config("ext", Duration.ofSeconds(1), Duration.ZERO)).orElseThrow();
        SimpleLock extended = lock.extend(Duration.ofSeconds(20), Duration.ZERO).orElseThrow();
        assertThat(pttl("hasp:{shedlock:ext}")).isGreaterThan(10_000L);
        assertThatThrownBy(lock::unlock).isInstanceOf(IllegalStateException.class);

        SimpleLock shorter = extended.extend(Duration.ofSeconds(2), Duration.ofMillis(500)).orElseThrow();
        assertThat(pttl("hasp:{shedlock:ext}")).isLessThanOrEqualTo(2_000L);
        shorter.unlock(); // within the new lockAtLeastFor: kept for the rest of it
        assertThat(pttl("hasp:{shedlock:ext}")).isPositive().isLessThanOrEqualTo(500L);
    }

    @Test
    void aLockThatExpiredIsNotExtendedOverTheNextHolder() {
        HaspLockProvider one = newProvider();
        HaspLockProvider two = newProvider();
        SimpleLock stale = one.lock(config("stale", Duration.ofMillis(500), Duration.ZERO)).orElseThrow();
        Timing.await("lockAtMostFor passed", LIVENESS, () -> !exists("hasp:{shedlock:stale}"));
        SimpleLock next = two.lock(config("stale", Duration.ofSeconds(5), Duration.ZERO)).orElseThrow();

        assertThat(stale.extend(Duration.ofSeconds(60), Duration.ZERO)).isEmpty();
        assertThat(pttl("hasp:{shedlock:stale}")).isLessThanOrEqualTo(5_000L);
        next.unlock();
    }

    @Test
    void badConfigurationsAreRefusedWithTheirName() {
        HaspLockProvider provider = newProvider();
        assertThatThrownBy(() -> provider.lock(config("zero", Duration.ZERO, Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lockAtMostFor")
                .hasMessageContaining("'zero'");
        assertThatThrownBy(() -> new HaspLockProvider(newClient(), " ")).isInstanceOf(IllegalArgumentException.class);
        assertThat(redis.command("DBSIZE")).isEqualTo(0L);
    }

    @Test
    void aJobOnSeveralInstancesRunsOncePerTick() throws Exception {
        int instances = 5;
        AtomicInteger runs = new AtomicInteger();
        Instant tick = Instant.now();
        CyclicBarrier start = new CyclicBarrier(instances);
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                DefaultLockingTaskExecutor executor = new DefaultLockingTaskExecutor(newProvider());
                jobs.add(pool.submit(() -> {
                    start.await();
                    executor.executeWithLock((Runnable) runs::incrementAndGet,
                            new LockConfiguration(tick, "tick", Duration.ofSeconds(30), Duration.ofSeconds(5)));
                    return null;
                }));
            }
            for (Future<?> job : jobs) {
                job.get(Timing.scaled(LIVENESS).toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(runs).hasValue(1);
    }

    @Test
    void fuzzManyThreadsOnManyInstancesCountExactly() throws Exception {
        int instances = 4;
        int threadsEach = 4;
        int attempts = 150;
        int[] counter = {0}; // unsynchronised on purpose: only the lock protects it
        AtomicInteger granted = new AtomicInteger();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(instances * threadsEach);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                HaspLockProvider provider = newProvider();
                for (int t = 0; t < threadsEach; t++) {
                    workers.add(pool.submit(() -> {
                        for (int a = 0; a < attempts; a++) {
                            Optional<SimpleLock> lock = provider.lock(config("fuzz", Duration.ofSeconds(30),
                                    Duration.ZERO));
                            if (lock.isEmpty()) {
                                continue;
                            }
                            granted.incrementAndGet();
                            if (inside.incrementAndGet() != 1) {
                                overlaps.incrementAndGet();
                            }
                            int seen = counter[0];
                            Thread.yield();
                            SimpleLock held = a % 3 == 0 // every third also extends, handing the lease on
                                    ? lock.get().extend(Duration.ofSeconds(30), Duration.ZERO).orElseThrow()
                                    : lock.get();
                            counter[0] = seen + 1;
                            inside.decrementAndGet();
                            held.unlock();
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
        assertThat(granted.get()).isPositive();
        assertThat(counter[0]).isEqualTo(granted.get());
        assertThat(exists("hasp:{shedlock:fuzz}")).isFalse();
    }

    private HaspLockProvider newProvider() {
        return new HaspLockProvider(newClient());
    }

    private Hasp newClient() {
        Hasp hasp = Hasp.connect(redis.uri());
        clients.add(hasp);
        return hasp;
    }

    private static LockConfiguration config(String name, Duration atMost, Duration atLeast) {
        return new LockConfiguration(Instant.now(), name, atMost, atLeast);
    }

    private boolean exists(String key) {
        return Long.valueOf(1).equals(redis.command("EXISTS", key));
    }

    private long pttl(String key) {
        return (Long) redis.command("PTTL", key);
    }
}
