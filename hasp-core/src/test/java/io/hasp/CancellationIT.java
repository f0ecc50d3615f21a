package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Interrupting a blocked acquire or cancelling an async one stops the wait and leaves no lock behind. */
class CancellationIT extends OneRedisPerClass {
    @Test
    void interruptingABlockedAcquireStopsItPromptly() throws Exception {
        Lease holder = hasp.lock("busy").tryAcquire().orElseThrow();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try {
                hasp.lock("busy").acquire(Duration.ofMinutes(5));
            } catch (Throwable t) {
                outcome.set(t);
            } finally {
                done.countDown();
            }
        });
        waiter.start();
        Timing.await("waiter blocked", Timing.scaled(Duration.ofSeconds(5)),
                () -> waiter.getState() == Thread.State.WAITING);
        waiter.interrupt();
        assertThat(done.await(Timing.scaled(Duration.ofSeconds(2)).toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);

        holder.release();
        assertThat(redis.command("EXISTS", "hasp:{busy}")).isEqualTo(0L);
        // The abandoned waiter does not come back later to take the lock.
        Lease next = hasp.lock("busy").acquire(Duration.ofSeconds(5));
        assertThat(redis.command("GET", "hasp:{busy}")).asString().contains(next.tokenPrefix());
        next.close();
    }

    @Test
    void cancellingAnAsyncAcquireLeavesNoLockBehind() throws Exception {
        Lease holder = hasp.lock("async-busy").tryAcquire().orElseThrow();
        CompletableFuture<Lease> waiting = hasp.lock("async-busy").acquireAsync(Duration.ofMinutes(5));
        assertThat(waiting.cancel(true)).isTrue();
        holder.release();
        // Poll the key for a while: a cancelled waiter that still retried would show up as a new token.
        long until = System.nanoTime() + Duration.ofMillis(500).toNanos();
        while (System.nanoTime() < until) {
            assertThat(redis.command("EXISTS", "hasp:{async-busy}")).isEqualTo(0L);
            Thread.onSpinWait();
        }
    }

    @Test
    void aGrantThatRacesACancelIsReleased() throws Exception {
        for (int i = 0; i < 200; i++) {
            CompletableFuture<Lease> attempt = hasp.lock("race").acquireAsync(Duration.ofSeconds(1));
            attempt.cancel(true);
            if (!attempt.isCancelled()) {
                attempt.join().close();
            }
        }
        Timing.await("no lock left", Timing.scaled(Duration.ofSeconds(5)),
                () -> Long.valueOf(0).equals(redis.command("EXISTS", "hasp:{race}")));
    }
}
