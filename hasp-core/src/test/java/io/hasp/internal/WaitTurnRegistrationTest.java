package io.hasp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.Backoff;
import io.hasp.LockOptions;
import io.hasp.Ticker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a head's attempts register while its line's channel is being subscribed, without Redis: the test plays the
 * acquire loop (it prepares the attempts and reports their answers) and confirms the subscription when it chooses.
 */
class WaitTurnRegistrationTest {
    private static final LockKeys KEYS = LockKeys.of("test", "hot");
    /** Every pause minutes long: only the test ends the head's wait for the subscription. */
    private static final LockOptions OPTIONS = LockOptions.builder().leaseTime(Duration.ofMinutes(2))
            .backoff(Backoff.exponential(Duration.ofMinutes(10), Duration.ofMinutes(10)))
            .waiterHeartbeat(Duration.ofMinutes(10)).build();
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final Ticker ticker = Ticker.system();
    /** Only whether its holds are shared matters here: a writer's are not, as a plain lock's. */
    private final ReadWriteBackend writeSide = new ReadWriteBackend(null, null, true, 0);

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    /**
     * The head registers with its first attempt, then subscribes. A release between the two may name this client and
     * remove its entry, and its message reaches nobody: the check made once subscribed must register again, or no
     * later release would know the client waits (and with nothing else to wake it, it waits for its timed re-check).
     */
    @Test
    void theCheckMadeOnceSubscribedRegistersAgain() {
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        WaitLines lines = new WaitLines(new SubscribedChannels(confirmed), null, timer, ticker);
        WaitTurn head = lines.join(KEYS, OPTIONS, ticker.read() + WAIT_NANOS,
                new IdleReceiver("head", OPTIONS.leaseTime().toMillis(), writeSide));
        assertThat(head.firstAttempt()).isDone();

        assertThat(head.beforeAttempt().heartbeatMillis()).as("the first attempt registers").isPositive();
        head.answered(AcquireReply.held(1000));
        CompletableFuture<Void> subscribing = head.awaitRetry(1000, 0, WAIT_NANOS);
        assertThat(subscribing).as("the head waits for the subscription").isNotDone();

        confirmed.complete(null); // a release may have named this client before this: nobody heard it
        assertThat(subscribing).isDone();
        assertThat(head.beforeAttempt().heartbeatMillis()).as("the final check registers again").isPositive();
        head.answered(AcquireReply.held(1000));

        // Registered while subscribed: from now on a release that removes the entry says so, and the next attempts
        // leave the entry alone.
        head.awaitRetry(1000, 1, WAIT_NANOS);
        assertThat(head.beforeAttempt().heartbeatMillis()).isZero();
    }

    /**
     * The pub/sub connection reconnects on its own, so an attempt that registered before the server restarted (and
     * lost the registry) may be answered after the channel was subscribed again. Taken as proof, it left the entry
     * unwritten while the head's next attempts believed it in place: no release would name this client.
     */
    @Test
    void anAttemptAnsweredAfterAResubscriptionProvesNoEntry() {
        SubscribedChannels channels = new SubscribedChannels();
        WaitLines lines = new WaitLines(channels, null, timer, ticker);
        WaitTurn head = lines.join(KEYS, OPTIONS, ticker.read() + WAIT_NANOS,
                new IdleReceiver("head", OPTIONS.leaseTime().toMillis(), writeSide));
        head.beforeAttempt();
        head.answered(AcquireReply.held(1000));
        head.awaitRetry(1000, 0, WAIT_NANOS); // subscribed at once

        assertThat(head.beforeAttempt().heartbeatMillis()).as("the check made once subscribed registers").isPositive();
        channels.listener.onResubscribed(); // the server restarted, maybe after that attempt ran there
        head.answered(AcquireReply.held(1000));

        head.awaitRetry(1000, 1, WAIT_NANOS);
        assertThat(head.beforeAttempt().heartbeatMillis()).as("the next attempt registers again").isPositive();
    }
}
