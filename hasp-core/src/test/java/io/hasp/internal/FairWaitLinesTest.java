package io.hasp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.hasp.testkit.Timing;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The line's dispatch of queueing attempts, without Redis: a reply that is already complete runs its completion on
 * the sending thread, and that completion may end the call and leave the line.
 */
class FairWaitLinesTest {
    private static final Duration DEADLINE = Timing.scaled(Duration.ofSeconds(10));
    private static final LockKeys KEYS = LockKeys.of("test", "hot");

    private final FairWaitLines lines = new FairWaitLines(new SubscribedChannels(), null, "client-1");
    private final List<String> queued = new CopyOnWriteArrayList<>();

    @Test
    void aWaiterThatLeavesInsideItsQueueingAttemptWhileAnotherEntersDoesNotDeadlock() throws Exception {
        Thread caller = new Thread(() -> {
            assertThat(lines.enter(KEYS, "first", waiter("first", this::leaveWhileAnotherEnters))).isTrue();
            lines.tried(KEYS, "first");
            lines.advance(KEYS, false); // channels are subscribed already: "first" queues at once, on this thread
        }, "first-waiter");
        caller.setDaemon(true); // if it deadlocks, it must not keep the test JVM alive
        caller.start();
        caller.join(DEADLINE.toMillis());
        if (caller.isAlive()) {
            fail("deadlock: the line did not finish dispatching within " + DEADLINE + "\n" + threadDump());
        }
        assertThat(queued).as("the waiter that entered meanwhile queues after the first left")
                .containsExactly("first", "second");
    }

    @Test
    void aLineWhoseUnsubscribeIsRefusedAtOnceIsDroppedAllTheSame() {
        RefusingChannels channels = new RefusingChannels(true);
        FairWaitLines refusing = new FairWaitLines(channels, null, "client-1");
        assertThat(refusing.enter(KEYS, "first", waiter("first", () -> { }))).isTrue();
        refusing.tried(KEYS, "first");
        refusing.advance(KEYS, false); // subscribes the lock's channel and this client's grant channel
        assertThat(channels.subscribed).hasValue(2);

        refusing.exit(KEYS, "first"); // threw the driver's refusal into this call, and kept the line
        assertThat(channels.unsubscribed).as("both channels are dropped").hasValue(2);
        assertThat(refusing.enter(KEYS, "second", waiter("second", () -> { })))
                .as("the next waiter starts a new line: it tries first").isTrue();
    }

    /**
     * What an attempt whose reply is already complete does inline: the call ends (say, it took the lock) and leaves
     * the line, while another caller of this client enters the same line on its own thread.
     */
    private void leaveWhileAnotherEnters() {
        Thread other = new Thread(() -> lines.enter(KEYS, "second", waiter("second", () -> { })), "second-waiter");
        other.setDaemon(true);
        other.start();
        long until = System.nanoTime() + DEADLINE.toNanos();
        // Until it is either in (nothing held it up) or stuck inside the map's compute, waiting for a monitor.
        while (other.getState() != Thread.State.TERMINATED && other.getState() != Thread.State.BLOCKED
                && System.nanoTime() - until < 0) {
            Thread.onSpinWait();
        }
        lines.exit(KEYS, "first");
    }

    private FairWaitLines.Waiter waiter(String name, Runnable onQueue) {
        return new QueueingWaiter(() -> {
            queued.add(name);
            onQueue.run();
        });
    }

    private static String threadDump() {
        StringBuilder dump = new StringBuilder();
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            dump.append(info);
        }
        return dump.toString();
    }
}
