package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The primitives' async forms honour cancellation: a cancelled wait ends, leaves no lease and no place in line
 * behind; an election's campaign ends with {@code resign()}, and foreign data at its key stops it.
 */
class PrimitivesCancellationIT extends OneRedisPerClass {
    private static final long WAIT_MS = Timing.scaled(Duration.ofSeconds(10)).toMillis();

    @Test
    void aCancelledSemaphoreWaitLeavesTheQueueAndTakesNoPermit() throws Exception {
        Semaphore semaphore = hasp.semaphore("cancel", 2);
        Lease held = semaphore.tryAcquire(2).orElseThrow();
        CompletableFuture<Lease> waiting = semaphore.acquireAsync(2, Duration.ofMillis(WAIT_MS));
        CompletableFuture<Optional<Lease>> trying = semaphore.tryAcquireAsync(1, Duration.ofMillis(WAIT_MS));
        awaitCondition(() -> Long.valueOf(1).equals(redis.command("ZCARD", "hasp:{cancel}:semaphore:queue")));
        assertThat(waiting.cancel(true)).isTrue();
        assertThat(trying.cancel(true)).isTrue();
        assertThatThrownBy(() -> waiting.get(WAIT_MS, TimeUnit.MILLISECONDS))
                .isInstanceOf(CancellationException.class);
        awaitCondition(() -> Long.valueOf(0).equals(redis.command("ZCARD", "hasp:{cancel}:semaphore:queue")));
        held.close();
        assertThat(semaphore.tryAcquire(2)).as("no cancelled call took a permit").isPresent();
    }

    @Test
    void cancelledReadAndWriteWaitsTakeNothing() throws Exception {
        // The waiting reader and writer use two clients: within one client, waiting calls on one lock wait in one
        // local line, and only its head talks to Redis.
        try (Hasp other = connect()) {
            ReadWriteLock rw = hasp.readWriteLock("cancel");
            Lease write = rw.writeLock().tryAcquire().orElseThrow();
            CompletableFuture<Lease> reader = rw.readLock().acquireAsync(Duration.ofMillis(WAIT_MS));
            CompletableFuture<Lease> writer = other.readWriteLock("cancel").writeLock()
                    .acquireAsync(Duration.ofMillis(WAIT_MS));
            awaitCondition(() -> Long.valueOf(1).equals(redis.command("ZCARD", "hasp:{cancel}:rw:writing")));
            assertThat(reader.cancel(true)).isTrue();
            assertThat(writer.cancel(true)).isTrue();
            write.close();
            // Waits: the writer's check after subscribing may have been sent just before its cancel and reach Redis
            // after the release; it then wins, and its lease, which nobody will see, is released at once.
            Lease next = other.readWriteLock("cancel").writeLock().acquire(Duration.ofMillis(WAIT_MS));
            assertThat(redis.command("ZCARD", "hasp:{cancel}:rw:readers")).as("no cancelled reader holds")
                    .isEqualTo(0L);
            next.close();
        }
    }

    @Test
    void aCancelledDowngradeReleasesTheReadLeaseItWasGranted() throws Exception {
        ReadWriteLock rw = hasp.readWriteLock("downgrade");
        Lease write = rw.writeLock().tryAcquire().orElseThrow();
        // Redis frozen, the grant cannot reach the client before the cancel; otherwise the lease may already have
        // reached the caller, whose cancel then comes too late to release it.
        redis.pause();
        CompletableFuture<Lease> read;
        try {
            read = rw.downgradeAsync(write);
            assertThat(read.cancel(true)).isTrue();
        } finally {
            redis.resume();
        }
        awaitCondition(() -> Long.valueOf(0).equals(redis.command("EXISTS", "hasp:{downgrade}:rw"))
                && Long.valueOf(0).equals(redis.command("ZCARD", "hasp:{downgrade}:rw:readers")));
        assertThat(write.isValid()).as("the write lease ended with the downgrade sent").isFalse();
        assertThat(rw.writeLock().tryAcquire()).isPresent();
    }

    @Test
    void resigningEndsACampaignAndForeignDataAtItsKeyStopsOne() throws Exception {
        try (LeaderElection leader = hasp.leaderElection("cancel");
                LeaderElection waiter = hasp.leaderElection("cancel")) {
            leader.campaign().toCompletableFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);
            CompletableFuture<Leadership> pending = waiter.campaign().toCompletableFuture();
            waiter.resign();
            assertThatThrownBy(() -> pending.get(WAIT_MS, TimeUnit.MILLISECONDS)).hasCauseInstanceOf(
                    HaspException.class);
            leader.resign();
            assertThat(redis.command("EXISTS", "hasp:{cancel}:leader")).as("nobody leads").isEqualTo(0L);
        }

        redis.command("SET", "hasp:{taken}:leader", "someone's");
        try (LeaderElection participant = hasp.leaderElection("taken")) {
            CompletableFuture<Leadership> stage = participant.campaign().toCompletableFuture();
            assertThatThrownBy(() -> stage.get(WAIT_MS, TimeUnit.MILLISECONDS))
                    .hasCauseInstanceOf(KeyConflictException.class).hasMessageContaining("hasp:{taken}:leader");
            assertThat(participant.isLeader()).isFalse();
        }
        assertThat(redis.command("GET", "hasp:{taken}:leader")).isEqualTo("someone's");
    }

    private static void awaitCondition(BooleanSupplier condition) {
        Timing.await("the state in Redis", Duration.ofSeconds(10), condition);
    }
}
