package io.hasp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.hasp.ClientClosedException;
import io.hasp.HaspException;
import io.hasp.LockOptions;
import io.hasp.Ticker;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A waiting reader that the head reader of its client takes into its attempt (a companion), without Redis: the head
 * here is a bare turn whose attempt's outcome the test reports, as the head's call would.
 */
class CompanionReaderTest {
    private static final LockKeys KEYS = LockKeys.of("test", "hot");
    private static final LockOptions OPTIONS = LockOptions.defaults();
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    /** Runs {@link #inGap} once, on the scheduling thread, when a pause first asks for its line's clock. */
    private final ClockWithGap timer = new ClockWithGap();
    private final Ticker ticker = Ticker.system();
    /** A read side that is never sent anything here: only whether its holds are shared matters. */
    private final ReadWriteBackend readSide = new ReadWriteBackend(null, null, false, 0);
    private final ClientLifecycle lifecycle = new ClientLifecycle(key -> Optional.empty());
    private volatile Runnable inGap;

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    /**
     * The joining call is in the line before it has finished joining (it learns of its turn only when the join
     * returns). A head that took it into its attempt then, and reported "held" to it, reached a call with no turn
     * yet: its pause threw, and the call failed as if the client were closed (one P3 cycle of the bench, on an open
     * client).
     */
    @Test
    void aReaderStillJoiningIsNotTakenIntoTheHeadsAttempt() {
        LockContext context = context(new SubscribedChannels());
        WaitTurn head = waitingHead(context);
        AtomicBoolean gapRan = new AtomicBoolean();
        // Stands in for the head's thread running between the reader entering the line and its join returning.
        inGap = () -> {
            gapRan.set(true);
            head.beforeAttempt();
            head.companions().forEach(WaitTurn::yielded); // the head's attempt found a writer: "held", to each
        };

        CompletableFuture<RedisLease> joining = AcquireLoop.start(context, KEYS, OPTIONS, WAIT_NANOS);

        assertThat(gapRan).isTrue();
        assertThat(joining).as("the joining reader's call goes on waiting").isNotDone();

        // Once it waits for its first attempt, the head's next attempt takes it along as usual.
        head.awaitRetry(-1, 0, WAIT_NANOS).complete(null);
        head.beforeAttempt();
        assertThat(head.companions()).hasSize(1);
        head.companions().forEach(WaitTurn::yielded);
        assertThat(joining).isNotDone();
        joining.cancel(false);
    }

    /** A pause that throws on an open client was reported as a closed client; the call now fails with the cause. */
    @Test
    void aPauseThatThrowsOnAnOpenClientFailsTheCallWithWhatThrew() {
        IllegalStateException refused = new IllegalStateException("subscribe refused");
        CompletableFuture<RedisLease> reader = companionHeadingTheLine(context(new RefusingChannels(refused)));

        Throwable failure = catchThrowable(reader::join);

        assertThat(failure).isInstanceOf(CompletionException.class);
        assertThat(failure.getCause()).isExactlyInstanceOf(HaspException.class)
                .hasMessageContaining("lock 'hot'").hasCause(refused);
    }

    @Test
    void aPauseThatThrowsOnAClosedClientFailsTheCallAsClosed() {
        lifecycle.close();
        CompletableFuture<RedisLease> reader = companionHeadingTheLine(context(
                new RefusingChannels(new IllegalStateException("the client is closed"))));

        assertThat(catchThrowable(reader::join)).hasCauseExactlyInstanceOf(ClientClosedException.class);
    }

    /**
     * A waiting reader taken into the head's attempt; the head's call ends while that attempt is in flight (it gave
     * up), so the reader is the line's head when the attempt answers "held" and must pause for a release: a head
     * that never attempted subscribes the line's channel first, which throws here. Returns the reader's call.
     */
    private CompletableFuture<RedisLease> companionHeadingTheLine(LockContext context) {
        WaitTurn head = waitingHead(context);
        CompletableFuture<RedisLease> reader = AcquireLoop.start(context, KEYS, OPTIONS, WAIT_NANOS);
        head.beforeAttempt();
        List<WaitTurn> taken = head.companions();
        assertThat(taken).hasSize(1);
        context.waitLines().leave(head, false);
        taken.forEach(WaitTurn::yielded);
        return reader;
    }

    private LockContext context(WakeChannels channels) {
        return new LockContext(readSide, new WaitLines(channels, null, timer, ticker), ticker, timer, Runnable::run,
                new LeaseWatchdog(timer, ticker), new LockEvents(List.of(), Runnable::run), lifecycle);
    }

    /** The head reader's turn, ready to attempt. */
    private WaitTurn waitingHead(LockContext context) {
        // A waiting read call of the same client; nothing is reported to it here.
        WaitTurn head = context.waitLines().join(KEYS, OPTIONS, ticker.read() + WAIT_NANOS,
                new IdleReceiver("head", OPTIONS.leaseTime().toMillis(), readSide));
        assertThat(head.firstAttempt()).isDone();
        return head;
    }

    /** The client's timer, but its first scheduling runs {@link #inGap} first, on the scheduling thread. */
    private final class ClockWithGap extends ScheduledThreadPoolExecutor {
        ClockWithGap() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
            Runnable gap = inGap;
            inGap = null;
            if (gap != null) {
                gap.run();
            }
            return super.schedule(task, delay, unit);
        }
    }

    /** Channels whose subscribe throws {@code refusal}. */
    private static final class RefusingChannels extends SubscribedChannels {
        private final RuntimeException refusal;

        RefusingChannels(RuntimeException refusal) {
            this.refusal = refusal;
        }

        @Override
        public Subscription subscribe(String channel, Listener listener) {
            throw refusal;
        }
    }
}
