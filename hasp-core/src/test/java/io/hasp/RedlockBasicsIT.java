package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.testkit.RedisNodes;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A Redlock client over 5 nodes offers the same lock API as one Redis: acquire, fence, extend, release. */
class RedlockBasicsIT {
    @RegisterExtension
    static final RedisServerExtension NODES_PER_CLASS = RedisServerExtension.perClass().nodes(5);

    private static RedisNodes nodes;
    private static Hasp hasp;

    @BeforeAll
    static void connect(RedisNodes started) {
        nodes = started;
        hasp = RedlockClients.connect(nodes);
    }

    @AfterAll
    static void disconnect() {
        hasp.close();
    }

    @Test
    void anAcquiredLockIsOnEveryNodeWithTheSameTokenAndIsGoneAfterRelease() throws InterruptedException {
        Lease lease = hasp.lock("basics").tryAcquire().orElseThrow();
        // The acquire returns once a majority granted; the other nodes' grants follow.
        String token = "hasp1:" + lease.tokenPrefix();
        Timing.await("every node holding the lease's token", Duration.ofSeconds(5), () -> nodes.nodes().stream()
                .allMatch(node -> String.valueOf(node.command("GET", "hasp:{basics}")).startsWith(token)));
        Object full = nodes.node(0).command("GET", "hasp:{basics}");
        for (RedisServer node : nodes.nodes()) {
            assertThat(node.command("GET", "hasp:{basics}")).isEqualTo(full);
            assertThat((Long) node.command("PTTL", "hasp:{basics}")).isPositive();
        }
        assertThat(lease.isValid()).isTrue();
        assertThat(lease.remaining()).isLessThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(lease.release()).isTrue();
        Timing.await("the lock gone from every node", Duration.ofSeconds(5), () -> nodes.nodes().stream()
                .allMatch(node -> Long.valueOf(0).equals(node.command("EXISTS", "hasp:{basics}"))));
        assertThat(lease.release()).isFalse();
    }

    @Test
    void aHeldLockIsRefusedToOthersAndFreeAfterRelease() throws InterruptedException {
        try (Hasp other = RedlockClients.connect(nodes)) {
            Lease lease = hasp.lock("exclusive").tryAcquire().orElseThrow();
            assertThat(other.lock("exclusive").tryAcquire()).isEmpty();
            assertThat(other.lock("exclusive").tryAcquire(Duration.ofMillis(100))).isEmpty();
            lease.close();
            try (Lease second = other.lock("exclusive").tryAcquire().orElseThrow()) {
                assertThat(second.fencingToken()).isGreaterThan(lease.fencingToken());
            }
        }
        // Each release answers once a majority did; the last node's follows.
        Timing.await("the lock key gone from every node", Duration.ofSeconds(5), () -> nodes.nodes().stream()
                .allMatch(node -> Long.valueOf(0).equals(node.command("EXISTS", "hasp:{exclusive}"))));
    }

    @Test
    void extendRenewsTheLeaseOnEveryNode() throws InterruptedException {
        Lock lock = hasp.lock("extend", LockOptions.builder().leaseTime(Duration.ofSeconds(2)).build());
        try (Lease lease = lock.tryAcquire().orElseThrow()) {
            lease.extend(Duration.ofSeconds(60));
            assertThat(lease.remaining()).isGreaterThan(Duration.ofSeconds(50));
            // A majority extended before the call returned; the others follow.
            assertThat(nodes.nodes().stream().filter(node -> (Long) node.command("PTTL", "hasp:{extend}") > 50_000L)
                    .count()).isGreaterThanOrEqualTo(3);
            Timing.await("every node extended", Duration.ofSeconds(5), () -> nodes.nodes().stream()
                    .allMatch(node -> (Long) node.command("PTTL", "hasp:{extend}") > 50_000L));
        }
    }

    @Test
    void extendAfterAnotherClientTookTheLockReportsItLost() throws InterruptedException {
        Lock lock = hasp.lock("lost", LockOptions.builder().leaseTime(Duration.ofMillis(300)).build());
        Lease lease = lock.acquire(Duration.ofSeconds(5));
        try (Hasp other = RedlockClients.connect(nodes);
             Lease taken = other.lock("lost").acquire(Duration.ofSeconds(5))) {
            assertThat(taken.fencingToken()).isGreaterThan(lease.fencingToken());
            assertThatThrownBy(() -> lease.extend(Duration.ofSeconds(10))).isInstanceOf(LockLostException.class);
            assertThat(lease.isValid()).isFalse();
        }
    }

    @Test
    void fencesStrictlyIncreaseAcrossClientsAndTheCounterCarriesATtl() {
        try (Hasp other = RedlockClients.connect(nodes)) {
            List<Long> fences = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Hasp client = i % 2 == 0 ? hasp : other;
                try (Lease lease = client.lock("fences").tryAcquire().orElseThrow()) {
                    fences.add(lease.fencingToken());
                }
            }
            assertThat(fences).isSorted().doesNotHaveDuplicates();
        }
        for (RedisServer node : nodes.nodes()) {
            assertThat((Long) node.command("PTTL", "hasp:{fences}:fence")).isPositive();
        }
    }

    @Test
    void asyncAcquireCompletesWithALease() throws Exception {
        Optional<Lease> lease = hasp.lock("async").tryAcquireAsync(Duration.ofSeconds(1)).get(5, TimeUnit.SECONDS);
        assertThat(lease).isPresent();
        assertThat(lease.get().releaseAsync().get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void foreignDataOnAMajorityFailsTheAcquireAndLeavesNothingLockedElsewhere() {
        int[] foreign = {1, 3, 4};
        for (int i : foreign) {
            nodes.node(i).command("SET", "hasp:{foreign}", "not a hasp token");
        }
        try {
            assertThatThrownBy(() -> hasp.lock("foreign").tryAcquire()).isInstanceOf(KeyConflictException.class);
            for (int i : foreign) {
                assertThat(nodes.node(i).command("GET", "hasp:{foreign}")).isEqualTo("not a hasp token");
            }
            // The round is decided once a majority refused; a node that had not answered by then gets its clean-up
            // right after its acquire, unawaited (it may grant in between).
            Timing.await("nothing locked on the nodes without foreign data", Duration.ofSeconds(5),
                    () -> IntStream.of(0, 2).allMatch(
                            i -> Long.valueOf(0).equals(nodes.node(i).command("EXISTS", "hasp:{foreign}"))));
        } finally {
            for (int i : foreign) {
                nodes.node(i).command("DEL", "hasp:{foreign}");
            }
        }
    }

    @Test
    void foreignDataOnAMinorityIsOutvotedAndLeftAlone() throws InterruptedException {
        nodes.node(3).command("SET", "hasp:{outvoted}", "not a hasp token");
        try {
            Lease lease = hasp.lock("outvoted").tryAcquire().orElseThrow();
            assertThat(lease.release()).isTrue();
            Timing.await("the lock gone from the other nodes", Duration.ofSeconds(5), () -> IntStream.of(0, 1, 2, 4)
                    .allMatch(i -> Long.valueOf(0).equals(nodes.node(i).command("EXISTS", "hasp:{outvoted}"))));
            assertThat(nodes.node(3).command("GET", "hasp:{outvoted}")).isEqualTo("not a hasp token");
        } finally {
            nodes.node(3).command("DEL", "hasp:{outvoted}");
        }
    }

    @Test
    void theJavaLockViewReentersOnlyWhileAMajorityStillHoldsItsToken() {
        java.util.concurrent.locks.Lock view = hasp.lock("view").asJavaLock();
        assertThat(view.tryLock()).isTrue();
        nodes.node(0).command("DEL", "hasp:{view}");
        nodes.node(1).command("DEL", "hasp:{view}");
        assertThat(view.tryLock()).isTrue(); // three of five still hold the token
        view.unlock();
        assertThat(hasp.admin().forceRelease("view")).isTrue();
        try (Hasp other = RedlockClients.connect(nodes); Lease rival = other.lock("view").tryAcquire().orElseThrow()) {
            assertThat(view.tryLock()).isFalse();
            assertThat(rival.isValid()).isTrue();
        }
        assertThatThrownBy(view::unlock).isInstanceOf(LockLostException.class);
    }
}
