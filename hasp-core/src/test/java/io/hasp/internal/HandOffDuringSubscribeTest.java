package io.hasp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.Backoff;
import io.hasp.LockOptions;
import io.hasp.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A waiting head whose line is still subscribing pauses until the subscription is ready, then makes its last check.
 * A release of its client may claim it in that pause and hand it the lock. The subscription becoming ready must not
 * then start an attempt: once handed the lock, such an attempt (same token) either took a second permit of a
 * semaphore for a call that was over, whose clean-up by that token then removed the permit the caller holds, or
 * queued the call again where nothing would ever take it out. Without Redis: the test reports the hand-off itself.
 */
class HandOffDuringSubscribeTest {
    private static final LockKeys KEYS = LockKeys.of("test", "hot");
    /** Every timed re-check minutes away: the head's pause ends only as the test says. */
    private static final LockOptions OPTIONS = LockOptions.builder()
            .backoff(Backoff.exponential(Duration.ofMinutes(10), Duration.ofMinutes(10)))
            .waiterHeartbeat(Duration.ofMinutes(10)).build();
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    /** Runs once on the next read of the ticker: how the test steps in between two steps of the loop. */
    private final AtomicReference<Runnable> onNextRead = new AtomicReference<>();
    private final Ticker ticker = () -> {
        Runnable step = onNextRead.getAndSet(null);
        if (step != null) {
            step.run();
        }
        return System.nanoTime();
    };
    /** Completed by the test: the head's line is subscribed from then on. */
    private final CompletableFuture<Void> subscribed = new CompletableFuture<>();
    private final AtomicInteger attempts = new AtomicInteger();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void aHeadHandedTheLockWhileSubscribingMakesNoAttemptWhenTheSubscriptionIsReady() {
        HeldBackend backend = new HeldBackend();
        WaitLines lines = new WaitLines(new SubscribedChannels(subscribed), backend, timer, ticker);
        LockContext context = new LockContext(backend, lines, ticker, timer, Runnable::run,
                new LeaseWatchdog(timer, ticker), new LockEvents(List.of(), Runnable::run),
                new ClientLifecycle(key -> Optional.empty()));
        CompletableFuture<RedisLease> call = AcquireLoop.start(context, KEYS, OPTIONS, WAIT_NANOS);
        assertThat(attempts).as("the first attempt found the lock held").hasValue(1);

        HandOffClaim claim = context.waitLines().claimHandOff(KEYS);
        assertThat(claim).as("the head, paused until its line is subscribed, is claimed").isNotNull();
        // The releaser's script answers while the subscription becomes ready: the outcome reaches the call between
        // the loop's check that the call is still on and its next attempt (the attempt reads the ticker there).
        onNextRead.set(() -> claim.receiver().handedOver(42, System.nanoTime()));
        subscribed.complete(null);
        Runnable notYetReported = onNextRead.getAndSet(null);
        if (notYetReported != null) {
            notYetReported.run();
        }

        assertThat(call.join().fencingToken()).isEqualTo(42);
        assertThat(attempts).as("no attempt after the hand-off").hasValue(1);
    }

    /** Every attempt finds the lock held; a lease handed over is still held; counts the attempts. */
    private final class HeldBackend implements LockBackend {
        @Override
        public CompletableFuture<AcquireReply> tryAcquire(LockKeys keys, String token, long leaseMillis) {
            attempts.incrementAndGet();
            return CompletableFuture.completedFuture(AcquireReply.held(-1));
        }

        @Override
        public CompletableFuture<Boolean> release(LockKeys keys, String token) {
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public CompletableFuture<Boolean> cleanUp(LockKeys keys, String token) {
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public CompletableFuture<Boolean> holds(LockKeys keys, String token, long validUntil) {
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public CompletableFuture<Boolean> extend(LockKeys keys, String token, long leaseMillis) {
            return CompletableFuture.completedFuture(true);
        }
    }
}
