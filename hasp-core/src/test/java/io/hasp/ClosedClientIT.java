package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.testkit.RedisNodes;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12, defect 5: after {@link Hasp#close()} every operation fails with {@link ClientClosedException}, and a
 * lease held at that moment stays truthful: it is reported lost (nothing renews it), its release keeps failing (never
 * "false" while its key lives on), and its key ends with its lease time.
 */
class ClosedClientIT {
    @RegisterExtension
    static final RedisServerExtension NODES_PER_TEST = RedisServerExtension.perTest().nodes(3);

    @RegisterExtension
    static final RedisServerExtension REDIS_PER_TEST = RedisServerExtension.perTest();

    private static final LockOptions FIXED_20S = LockOptions.builder().leaseTime(Duration.ofSeconds(20)).build();

    @Test
    void aLeaseOfAClosedClientFailsItsReleaseTruthfully(RedisServer redis) {
        Hasp hasp = Hasp.connect(redis.uri());
        Lease lease = hasp.lock("closed", FIXED_20S).tryAcquire().orElseThrow();
        hasp.close();

        assertThatThrownBy(lease::release).isInstanceOf(ClientClosedException.class)
                .hasMessageContaining("'closed'").hasMessageContaining("client is closed");
        assertThatThrownBy(lease::release).isInstanceOf(ClientClosedException.class);
        assertThat(lease.releaseAsync()).failsWithin(Duration.ofSeconds(5)).withThrowableThat()
                .havingCause().isInstanceOf(ClientClosedException.class);
        assertThatThrownBy(() -> lease.extend(Duration.ofSeconds(30))).isInstanceOf(ClientClosedException.class);
        assertThat(redis.command("EXISTS", "hasp:{closed}")).isEqualTo(1L);
        // Nothing renews or releases it any more: the holder hears so at once, while the key runs out in Redis.
        assertThat(lease.isValid()).isFalse();
        assertThat(lease.lost().toCompletableFuture()).succeedsWithin(Duration.ofSeconds(5))
                .satisfies(lost -> assertThat(lost.getMessage()).contains("client was closed"));
        lease.close(); // logs, does not throw
        assertThat(redis.command("EXISTS", "hasp:{closed}")).isEqualTo(1L);
    }

    @Test
    void everyOperationOfAClosedClientFailsAsClosed(RedisServer redis) {
        Hasp hasp = Hasp.connect(redis.uri());
        Lock lock = hasp.lock("closed-ops");
        hasp.close();
        hasp.close(); // idempotent

        assertThatThrownBy(lock::tryAcquire).isInstanceOf(ClientClosedException.class);
        assertThatThrownBy(() -> lock.acquire(Duration.ofSeconds(1))).isInstanceOf(ClientClosedException.class);
        assertThat(lock.acquireAsync(Duration.ofSeconds(1))).failsWithin(Duration.ofSeconds(5))
                .withThrowableThat().havingCause().isInstanceOf(ClientClosedException.class);
        assertThatThrownBy(() -> hasp.fairLock("closed-fair").acquire(Duration.ofSeconds(1)))
                .isInstanceOf(ClientClosedException.class);
        assertThatThrownBy(() -> hasp.admin().inspect("closed-ops")).isInstanceOf(ClientClosedException.class);
        assertThatThrownBy(() -> hasp.admin().list(10)).isInstanceOf(ClientClosedException.class);
    }

    @Test
    void aWaitUnderWayWhenTheClientClosesFailsAsClosed(RedisServer redis) {
        try (Hasp holder = Hasp.connect(redis.uri())) {
            holder.lock("closed-wait", LockOptions.builder().leaseTime(Duration.ofSeconds(2)).build())
                    .tryAcquire().orElseThrow();
            Hasp waiter = Hasp.connect(redis.uri());
            CompletableFuture<Lease> waiting = waiter.lock("closed-wait").acquireAsync(Duration.ofSeconds(30));
            Timing.await("waiter registered", Timing.scaled(Duration.ofSeconds(5)),
                    () -> (Long) redis.command("EXISTS", "hasp:{closed-wait}:waiters") == 1L);
            waiter.close();
            assertThat(waiting).failsWithin(Timing.scaled(Duration.ofSeconds(10))).withThrowableThat()
                    .havingCause().isInstanceOf(ClientClosedException.class);
        }
    }

    @Test
    void aRedlockLeaseOfAClosedClientFailsItsReleaseTruthfully(RedisNodes nodes) {
        Hasp hasp = RedlockClients.connect(nodes);
        Lease lease = hasp.lock("closed-redlock", FIXED_20S).tryAcquire().orElseThrow();
        // The acquire answers at a majority; the last node's grant may still be on its way, and a close cancels it.
        Timing.await("every node granted", Timing.scaled(Duration.ofSeconds(5)), () -> nodes.nodes().stream()
                .allMatch(node -> (Long) node.command("EXISTS", "hasp:{closed-redlock}") == 1L));
        hasp.close();

        assertThatThrownBy(lease::release).isInstanceOf(ClientClosedException.class);
        assertThatThrownBy(lease::release).isInstanceOf(ClientClosedException.class);
        assertThatThrownBy(() -> hasp.lock("other").tryAcquire()).isInstanceOf(ClientClosedException.class);
        assertThatThrownBy(() -> hasp.admin().inspect("closed-redlock"))
                .isInstanceOf(ClientClosedException.class);
        for (RedisServer node : nodes.nodes()) {
            assertThat(node.command("EXISTS", "hasp:{closed-redlock}")).isEqualTo(1L);
        }
    }

    /**
     * Closing a client while its calls wait (plain and fair, their channels subscribed) is a normal close: the calls
     * end with ClientClosedException and nothing is logged at WARN (a fair waiter logged "fair acquire failed").
     */
    @Test
    void closingAClientWhoseCallsWaitLogsNothingAtWarn(RedisServer redis) throws Exception {
        Duration bound = Timing.scaled(Duration.ofSeconds(10));
        try (Hasp holder = Hasp.builder().uri(redis.uri()).connectTimeout(bound).build()) {
            Lease plain = holder.lock("closing").tryAcquire().orElseThrow();
            Lease fair = holder.fairLock("closing-fair").tryAcquire().orElseThrow();
            try (CapturedLogs logs = new CapturedLogs()) {
                Hasp waiter = Hasp.builder().uri(redis.uri()).connectTimeout(bound).build();
                CompletableFuture<Lease> plainWait = waiter.lock("closing").acquireAsync(Duration.ofMinutes(1));
                CompletableFuture<Lease> fairWait = waiter.fairLock("closing-fair").acquireAsync(Duration.ofMinutes(1));
                // The plain line's channel, and the fair line's lock and grant channels.
                Timing.await("the waiters' channels subscribed", bound,
                        () -> ((List<?>) redis.command("PUBSUB", "CHANNELS")).size() >= 3);
                Timing.await("the fair waiter queued", bound,
                        () -> Long.valueOf(1).equals(redis.command("EXISTS", "hasp:{closing-fair}:queue")));
                waiter.close();

                assertThat(plainWait).failsWithin(bound).withThrowableThat().havingCause()
                        .isInstanceOf(ClientClosedException.class);
                assertThat(fairWait).failsWithin(bound).withThrowableThat().havingCause()
                        .isInstanceOf(ClientClosedException.class);
                assertThat(logs.lines()).filteredOn(line -> line.startsWith("WARN io.hasp")
                        || line.startsWith("ERROR io.hasp")).isEmpty();
            }
            assertThat(plain.release()).isTrue();
            assertThat(fair.release()).isTrue();
        }
    }

    /**
     * An application that shuts its executor down before the client (a common order at shutdown) with a lease held:
     * close threw RejectedExecutionException from marking the lease lost, left the connections open, and could not be
     * called again. Now the client closes, and the holder still hears of the loss.
     */
    @Test
    void aClientWhoseExecutorWasShutDownFirstStillCloses(RedisServer redis) {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        Hasp hasp = Hasp.builder().uri(redis.uri()).executor(executor).build();
        Lease first = hasp.lock("executor-gone", FIXED_20S).tryAcquire().orElseThrow();
        Lease second = hasp.lock("executor-gone-2", FIXED_20S).tryAcquire().orElseThrow();
        executor.shutdown();

        hasp.close();
        for (Lease lease : List.of(first, second)) {
            assertThat(lease.isValid()).isFalse();
            assertThat(lease.lost().toCompletableFuture()).succeedsWithin(Duration.ofSeconds(5))
                    .satisfies(lost -> assertThat(lost.getMessage()).contains("client was closed"));
        }
        assertThatThrownBy(first::release).isInstanceOf(ClientClosedException.class);
    }
}
