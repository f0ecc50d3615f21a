package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.testkit.RedisServer;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.Test;

/**
 * The lock behaviour every deployment must keep, run against a real one that a subclass starts once per class (no
 * test here faults it): mutual exclusion under stress, fencing order, foreign data untouched, bad names refused,
 * waking on release, fair order, lease loss, the Java lock view and the admin tools.
 */
abstract class DeploymentLocksContract {

    /** A new client on the deployment; the test closes it. */
    abstract Hasp connect();

    /** The node that holds {@code key} now, for raw reads and writes that bypass Hasp. */
    abstract RedisServer nodeFor(String key);

    /** A standalone Redis for the stress test's counter, which lives outside the deployment under test. */
    abstract RedisServer store();

    private static long millis(Duration timeout) {
        return Timing.scaled(timeout).toMillis();
    }

    @Test
    void manyClientsAndThreadsKeepTheCounterExactAndTheFencesInOrder() throws Exception {
        List<Hasp> clients = List.of(connect(), connect(), connect());
        try {
            CriticalSectionStress.run(clients, store().uri(), 4, 25, client -> client.lock("stress"));
        } finally {
            clients.forEach(Hasp::close);
        }
    }

    @Test
    void fencingTokensRiseAcrossClientsAndAfterTheCounterIsLost() {
        try (Hasp a = connect(); Hasp b = connect()) {
            List<Long> fences = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                try (Lease lease = (i % 2 == 0 ? a : b).lock("ledger").tryAcquire().orElseThrow()) {
                    fences.add(lease.fencingToken());
                }
            }
            assertThat(fences).isSorted().doesNotHaveDuplicates();
            assertThat(nodeFor("hasp:{ledger}:fence").command("DEL", "hasp:{ledger}:fence")).isEqualTo(1L);
            try (Lease lease = a.lock("ledger").tryAcquire().orElseThrow()) {
                assertThat(lease.fencingToken()).isGreaterThan(fences.get(fences.size() - 1));
            }
        }
    }

    @Test
    void foreignDataIsNeitherTakenNorTouched() {
        RedisServer node = nodeFor("hasp:{foreign}");
        node.command("SET", "hasp:{foreign}", "someone else's value");
        try (Hasp hasp = connect()) {
            assertThatThrownBy(() -> hasp.lock("foreign").tryAcquire()).isInstanceOf(KeyConflictException.class);
            assertThatThrownBy(() -> hasp.admin().forceRelease("foreign")).isInstanceOf(KeyConflictException.class);
            assertThat(hasp.admin().inspect("foreign").orElseThrow().foreignData()).isTrue();
        }
        assertThat(node.command("GET", "hasp:{foreign}")).isEqualTo("someone else's value");
        assertThat(node.command("EXISTS", "hasp:{foreign}:fence")).isEqualTo(0L);
    }

    @Test
    void badNamesAreRefusedBeforeAnythingIsWritten() {
        try (Hasp hasp = connect()) {
            assertThatThrownBy(() -> hasp.lock("a{b}")).isInstanceOf(HaspArgumentException.class)
                    .hasMessageContaining("brace");
            assertThatThrownBy(() -> hasp.fairLock(" ")).isInstanceOf(HaspArgumentException.class);
            assertThatThrownBy(() -> hasp.admin().inspect("x}")).isInstanceOf(HaspArgumentException.class);
        }
        for (String key : List.of("hasp:{a{b}}", "hasp:{a{b}", "hasp:{ }")) {
            assertThat(nodeFor(key).command("EXISTS", key)).isEqualTo(0L);
        }
    }

    @Test
    void aWaiterIsWokenByTheReleaseAlone() throws Exception {
        try (Hasp holder = connect(); Hasp waiter = connect()) {
            Lease held = holder.lock("wake", MessageOnlyOptions.get()).tryAcquire().orElseThrow();
            CompletableFuture<Lease> waiting = waiter.lock("wake", MessageOnlyOptions.get())
                    .acquireAsync(Duration.ofMinutes(1));
            RedisServer node = nodeFor("hasp:{wake}:waiters");
            Timing.await("the waiter registered", Duration.ofSeconds(10),
                    () -> (Long) node.command("ZCARD", "hasp:{wake}:waiters") == 1);
            // Registered means its final check ran; it subscribed before that check, so the message reaches it.
            held.release();
            try (Lease lease = waiting.get(millis(Duration.ofSeconds(10)), TimeUnit.MILLISECONDS)) {
                assertThat(lease.fencingToken()).isGreaterThan(held.fencingToken());
            }
        }
    }

    @Test
    void fairWaitersAreServedInQueueOrder() throws Exception {
        List<Hasp> clients = List.of(connect(), connect());
        try (Hasp holderClient = connect()) {
            Lease held = holderClient.fairLock("fifo").tryAcquire().orElseThrow();
            List<Integer> order = Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<Boolean>> done = new ArrayList<>();
            RedisServer node = nodeFor("hasp:{fifo}:queue");
            for (int i = 0; i < 4; i++) {
                int index = i;
                done.add(clients.get(i % 2).fairLock("fifo").acquireAsync(Duration.ofMinutes(1))
                        .thenCompose(lease -> {
                            order.add(index);
                            return lease.releaseAsync();
                        }));
                Timing.await("waiter " + i + " queued", Duration.ofSeconds(10),
                        () -> (Long) node.command("ZCARD", "hasp:{fifo}:queue") == index + 1);
            }
            held.release();
            for (CompletableFuture<Boolean> each : done) {
                assertThat(each.get(millis(Duration.ofSeconds(20)), TimeUnit.MILLISECONDS)).isTrue();
            }
            assertThat(order).containsExactly(0, 1, 2, 3);
        } finally {
            clients.forEach(Hasp::close);
        }
    }

    /**
     * A fair hand-off and a replica-acknowledged grant between two clients, and the admin's listing: what a
     * deployment's ACL user needs beyond plain locking and waiting.
     */
    void fairHandOffAndAckedGrantWork(Hasp holder, Hasp waiter) throws Exception {
        RedisServer node = nodeFor("hasp:{acl-fair}:queue");
        Lease fair = holder.fairLock("acl-fair", MessageOnlyOptions.get()).tryAcquire().orElseThrow();
        CompletableFuture<Lease> fairWaiter = waiter.fairLock("acl-fair", MessageOnlyOptions.get())
                .acquireAsync(Duration.ofMinutes(1));
        Timing.await("the fair waiter queued", Duration.ofSeconds(10),
                () -> (Long) node.command("ZCARD", "hasp:{acl-fair}:queue") == 1);
        assertThat(fair.release()).isTrue();
        fairWaiter.get(millis(Duration.ofSeconds(10)), TimeUnit.MILLISECONDS).close();
        try (Lease acked = holder.lock("acl-acked", LockOptions.builder().replicaAcks(1, Duration.ofSeconds(1))
                .build()).tryAcquire().orElseThrow()) {
            assertThat(acked.isValid()).isTrue();
            assertThat(holder.admin().list(100)).contains("acl-acked");
        }
    }

    @Test
    void aLeaseWhoseKeyVanishesIsReportedLost() throws Exception {
        try (Hasp hasp = connect()) {
            Lease lease = hasp.lock("vanish", LockOptions.builder().watchdog(Duration.ofMillis(600)).build())
                    .tryAcquire().orElseThrow();
            assertThat(nodeFor("hasp:{vanish}").command("DEL", "hasp:{vanish}")).isEqualTo(1L);
            LockLostException lost = lease.lost().toCompletableFuture()
                    .get(millis(Duration.ofSeconds(10)), TimeUnit.MILLISECONDS);
            assertThat(lost.getMessage()).contains("vanish");
            assertThatThrownBy(lease::checkValid).isInstanceOf(LockLostException.class);
        }
    }

    @Test
    void theJavaLockViewAndTheAsyncFormsWork() throws Exception {
        try (Hasp a = connect(); Hasp b = connect()) {
            Lock javaLock = a.lock("java").asJavaLock();
            javaLock.lock();
            try {
                assertThat(b.lock("java").tryAcquire()).isEmpty();
                assertThat(b.lock("java").asJavaLock().tryLock(50, TimeUnit.MILLISECONDS)).isFalse();
            } finally {
                javaLock.unlock();
            }
            Lease lease = b.lock("java").tryAcquireAsync().get(millis(Duration.ofSeconds(5)), TimeUnit.MILLISECONDS)
                    .orElseThrow();
            lease.checkValid();
            assertThat(lease.releaseAsync().get(millis(Duration.ofSeconds(5)), TimeUnit.MILLISECONDS)).isTrue();
        }
    }

    @Test
    void adminInspectsListsAndForceReleases() throws Exception {
        List<String> names = List.of("admin-a", "admin-b", "admin-c", "admin-d", "admin-e", "admin-f");
        try (Hasp hasp = connect()) {
            List<Lease> leases = new ArrayList<>();
            for (String name : names) {
                leases.add(hasp.lock(name).tryAcquire().orElseThrow());
            }
            assertThat(hasp.admin().list(1000)).containsAll(names);
            LockInfo info = hasp.admin().inspect("admin-a").orElseThrow();
            assertThat(info.held()).isTrue();
            assertThat(info.fence()).hasValue(leases.get(0).fencingToken());
            assertThat(hasp.admin().forceRelease("admin-a")).isTrue();
            assertThat(hasp.admin().inspect("admin-a").orElseThrow().held()).isFalse();
            assertThat(hasp.admin().forceRelease("admin-a")).isFalse();
            assertThat(leases.get(0).release()).isFalse(); // it was taken away
            for (Lease lease : leases.subList(1, leases.size())) {
                assertThat(lease.release()).isTrue();
            }
        }
    }
}
