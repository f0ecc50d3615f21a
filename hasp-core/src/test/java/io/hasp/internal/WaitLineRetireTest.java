package io.hasp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.Backoff;
import io.hasp.LockOptions;
import io.hasp.Ticker;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The last call out retires its line inside {@code ConcurrentHashMap.compute}: a step the driver refuses at once (an
 * unsubscribe, the registry entry's removal) must neither keep the retired line in the map nor reach that call. A call
 * that leaves others behind leaves without the map's lock, and the line stays.
 */
class WaitLineRetireTest {
    private static final LockKeys KEYS = LockKeys.of("test", "retire");
    private static final LockOptions OPTIONS = LockOptions.builder().leaseTime(Duration.ofMinutes(2))
            .backoff(Backoff.exponential(Duration.ofMinutes(10), Duration.ofMinutes(10)))
            .waiterHeartbeat(Duration.ofMinutes(10)).build();
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final Ticker ticker = Ticker.system();
    private final ReadWriteBackend writeSide = new ReadWriteBackend(null, null, true, 0);
    private final AtomicInteger forgotten = new AtomicInteger();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void aRegistryRemovalRefusedAtOnceLeavesNoRetiredLineBehind() {
        RefusingChannels channels = new RefusingChannels(false);
        WaitLines lines = new WaitLines(channels, backend(true), timer, ticker);
        WaitTurn turn = waitSubscribed(lines);

        lines.leave(turn, false); // threw the driver's refusal into this call, and kept the line
        assertThat(forgotten).hasValue(1);
        assertThat(channels.unsubscribed).hasValue(1);
        assertThat(lines.hasLocalWaiters(KEYS)).as("the retired line is out of the map").isFalse();

        // The next wait makes a line of its own, which subscribes again instead of trusting the closed subscription.
        waitSubscribed(lines);
        assertThat(channels.subscribed).hasValue(2);
    }

    @Test
    void anUnsubscribeRefusedAtOnceStillRemovesTheEntryAndTheLine() {
        WaitLines lines = new WaitLines(new RefusingChannels(true), backend(false), timer, ticker);
        WaitTurn turn = waitSubscribed(lines);

        lines.leave(turn, false);
        assertThat(forgotten).as("the registry entry is removed all the same").hasValue(1);
        assertThat(lines.hasLocalWaiters(KEYS)).isFalse();
    }

    @Test
    void aCallThatLeavesOthersBehindKeepsTheLineAndTheLastOneOutRetiresIt() {
        WaitLines lines = new WaitLines(new RefusingChannels(false), backend(false), timer, ticker);
        WaitTurn first = join(lines);
        WaitTurn second = join(lines);
        WaitTurn third = join(lines);

        lines.leave(second, false); // from the middle
        lines.leave(first, true); // the head, granted
        assertThat(lines.hasLocalWaiters(KEYS)).as("the line stays while a call waits in it").isTrue();
        assertThat(forgotten).as("nothing retired yet").hasValue(0);

        lines.leave(third, false);
        assertThat(lines.hasLocalWaiters(KEYS)).isFalse();
        assertThat(forgotten).hasValue(1);
    }

    /**
     * Calls join and leave one lock from several threads at once, most of them leaving others behind (without the
     * map's lock): a call never finds itself in a line that was retired, and the last one out leaves no line.
     */
    @Test
    void callsJoiningWhileOthersLeaveNeverWaitInARetiredLine() throws Exception {
        WaitLines lines = new WaitLines(new RefusingChannels(false), backend(false), timer, ticker);
        int threads = 4;
        AtomicInteger outside = new AtomicInteger();
        CompletableFuture<?>[] runs = new CompletableFuture<?>[threads];
        for (int t = 0; t < threads; t++) {
            runs[t] = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 2_000; i++) {
                    WaitTurn turn = join(lines);
                    if (!lines.hasLocalWaiters(KEYS)) {
                        outside.incrementAndGet();
                    }
                    lines.leave(turn, i % 2 == 0);
                }
            });
        }
        CompletableFuture.allOf(runs).get(Timing.scaled(Duration.ofSeconds(30)).toMillis(), TimeUnit.MILLISECONDS);
        assertThat(outside).as("calls waiting in a line no longer in the map").hasValue(0);
        assertThat(lines.hasLocalWaiters(KEYS)).isFalse();
    }

    private WaitTurn join(WaitLines lines) {
        return lines.join(KEYS, OPTIONS, ticker.read() + WAIT_NANOS,
                new IdleReceiver("waiter", OPTIONS.leaseTime().toMillis(), writeSide));
    }

    /** A call that joined, found the lock held and now waits with its line's channel subscribed. */
    private WaitTurn waitSubscribed(WaitLines lines) {
        WaitTurn turn = lines.join(KEYS, OPTIONS, ticker.read() + WAIT_NANOS,
                new IdleReceiver("waiter", OPTIONS.leaseTime().toMillis(), writeSide));
        assertThat(turn.firstAttempt()).isDone();
        turn.beforeAttempt();
        turn.answered(AcquireReply.held(1000));
        turn.awaitRetry(1000, 0, WAIT_NANOS);
        return turn;
    }

    /** A backend whose registry removal the driver may refuse at once; nothing else is used. */
    private LockBackend backend(boolean forgetRefused) {
        return new LockBackend() {
            @Override
            public void forgetWaiter(LockKeys keys, String member) {
                forgotten.incrementAndGet();
                if (forgetRefused) {
                    throw new IllegalStateException("Connection is closed");
                }
            }

            @Override
            public CompletableFuture<AcquireReply> tryAcquire(LockKeys keys, String token, long leaseMillis) {
                throw new UnsupportedOperationException();
            }

            @Override
            public CompletableFuture<Boolean> release(LockKeys keys, String token) {
                throw new UnsupportedOperationException();
            }

            @Override
            public CompletableFuture<Boolean> cleanUp(LockKeys keys, String token) {
                throw new UnsupportedOperationException();
            }

            @Override
            public CompletableFuture<Boolean> holds(LockKeys keys, String token, long validUntil) {
                throw new UnsupportedOperationException();
            }

            @Override
            public CompletableFuture<Boolean> extend(LockKeys keys, String token, long leaseMillis) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
