package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisCluster;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Semaphores, read-write locks and elections on one shared 3-primary Redis Cluster: every key of a primitive lives in
 * its name's slot (on that slot's primary), exclusion and limits hold across clients, and the admin finds them.
 */
class ClusterPrimitivesIT {
    private static final long WAIT_MS = Timing.scaled(Duration.ofSeconds(10)).toMillis();
    private static RedisCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    private static Hasp connect() {
        return Hasp.builder().cluster(cluster.uris().get(0)).connectTimeout(Timing.scaled(Duration.ofSeconds(10)))
                .build();
    }

    @Test
    void everyKeyOfEachPrimitiveIsInItsNamesSlotOnThatSlotsPrimary() throws Exception {
        try (Hasp hasp = connect(); Hasp other = connect()) {
            // Two permits in one lease: a lease of one permit has no entry in the counts key.
            Lease permit = hasp.semaphore("slot-s", 2).tryAcquire(2).orElseThrow();
            CompletableFuture<Lease> queued = other.semaphore("slot-s", 2).acquireAsync(1, Duration.ofMillis(WAIT_MS));
            Lease read = hasp.readWriteLock("slot-r").readLock().tryAcquire().orElseThrow();
            CompletableFuture<Lease> writer = other.readWriteLock("slot-r").writeLock()
                    .acquireAsync(Duration.ofMillis(WAIT_MS));
            try (LeaderElection leader = hasp.leaderElection("slot-e");
                    LeaderElection candidate = other.leaderElection("slot-e")) {
                leader.campaign().toCompletableFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);
                CompletableFuture<Leadership> next = candidate.campaign().toCompletableFuture();
                awaitKeys("slot-s", "hasp:{slot-s}:semaphore:queue");
                awaitKeys("slot-r", "hasp:{slot-r}:rw:writing");
                awaitKeys("slot-e", "hasp:{slot-e}:leader:waiters");
                assertThat(keysOf("slot-s")).contains("hasp:{slot-s}:semaphore", "hasp:{slot-s}:semaphore:counts",
                        "hasp:{slot-s}:semaphore:permits", "hasp:{slot-s}:semaphore:fence",
                        "hasp:{slot-s}:semaphore:live");
                assertThat(keysOf("slot-r")).contains("hasp:{slot-r}:rw:readers");
                assertThat(keysOf("slot-e")).contains("hasp:{slot-e}:leader", "hasp:{slot-e}:leader:fence");

                permit.close();
                queued.get(WAIT_MS, TimeUnit.MILLISECONDS).close();
                read.close();
                Lease write = writer.get(WAIT_MS, TimeUnit.MILLISECONDS);
                assertThat(keysOf("slot-r")).contains("hasp:{slot-r}:rw", "hasp:{slot-r}:rw:fence");
                write.close();
                leader.resign();
                assertThat(next.get(WAIT_MS, TimeUnit.MILLISECONDS).epoch()).isPositive();
            }
        }
    }

    @Test
    void aSemaphoreNeverHasMoreHoldersThanPermitsAcrossClients() throws Exception {
        int permits = 2;
        AtomicInteger held = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Set<Long> fences = ConcurrentHashMap.newKeySet();
        runOnClients(6, 10, (hasp, worker) -> {
            try (Lease lease = hasp.semaphore("pool", permits).acquire(1, Duration.ofMillis(WAIT_MS * 3))) {
                most.accumulateAndGet(held.incrementAndGet(), Math::max);
                fences.add(lease.fencingToken());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                held.decrementAndGet();
            }
        });
        assertThat(most.get()).isLessThanOrEqualTo(permits);
        assertThat(fences).hasSize(60);
    }

    @Test
    void aReadWriteLockNeverHasAWriterWithAnyoneElseAndDowngradesWithoutAGap() throws Exception {
        ReadWriteReferee referee = new ReadWriteReferee();
        runOnClients(6, 10, (hasp, worker) -> {
            ReadWriteLock rw = hasp.readWriteLock("doc");
            if (worker % 3 == 2) {
                referee.read(rw.readLock().acquire(Duration.ofMillis(WAIT_MS * 3)), 1);
            } else {
                referee.writeThenRead(rw.writeLock().acquire(Duration.ofMillis(WAIT_MS * 3)), rw::downgrade, 1);
            }
        });
        assertThat(referee.violations()).isZero();
        assertThat(referee.writes()).isEqualTo(40);
    }

    @Test
    void theAdminListsAndInspectsPrimitivesOnEveryPrimary() throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; new TreeSet<>(names.stream().map(n -> cluster.nodeForKey("hasp:{" + n + "}").port())
                .toList()).size() < 3; i++) {
            names.add("spread-" + i);
        }
        try (Hasp hasp = connect()) {
            List<Lease> leases = new ArrayList<>();
            for (String name : names) {
                leases.add(hasp.semaphore(name, 2).tryAcquire(1).orElseThrow());
                leases.add(hasp.readWriteLock(name).readLock().tryAcquire().orElseThrow());
            }
            LockListing listing = hasp.admin().listing(1000);
            assertThat(listing.semaphores()).containsAll(names);
            assertThat(listing.readWriteLocks()).containsAll(names);
            for (String name : names) {
                assertThat(hasp.admin().inspectSemaphore(name).orElseThrow().permitsHeld()).isEqualTo(1);
                assertThat(hasp.admin().inspectReadWriteLock(name).orElseThrow().readers()).hasSize(1);
            }
            assertThat(hasp.admin().forceReleaseSemaphore(names.get(0))).isEqualTo(1);
            leases.forEach(Lease::close);
        }
    }

    private static void runOnClients(int workers, int rounds, WorkersOnClients.Work work) throws Exception {
        WorkersOnClients.run(ClusterPrimitivesIT::connect, workers, rounds, Duration.ofMillis(WAIT_MS * 6), work);
    }

    /** The keys of {@code name}'s primitives, checked to be all on the primary of its slot and nowhere else. */
    private static Set<String> keysOf(String name) {
        String pattern = "hasp:{" + name + "}*";
        RedisServer owner = cluster.nodeForKey("hasp:{" + name + "}");
        Set<String> found = new TreeSet<>();
        for (RedisServer primary : cluster.primaries()) {
            List<?> keys = (List<?>) primary.command("KEYS", pattern);
            if (primary.port() != owner.port()) {
                assertThat(keys).as("keys of %s on another primary", name).isEmpty();
            }
            keys.forEach(key -> found.add(String.valueOf(key)));
        }
        int slot = cluster.slotOf("hasp:{" + name + "}");
        assertThat(found).allSatisfy(key -> assertThat(cluster.slotOf(key)).isEqualTo(slot));
        return found;
    }

    private static void awaitKeys(String name, String key) {
        Timing.await(key, Duration.ofSeconds(10), () -> keysOf(name).contains(key));
    }
}
