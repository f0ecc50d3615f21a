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
        return new FairWaitLines.Waiter() {
            @Override
            public void onGrant(WakeMessage grant) {
            }

            @Override
            public void onWake() {
            }

            @Override
            public void queueNow() {
                queued.add(name);
                onQueue.run();
            }
        };
    }

    private static String threadDump() {
        StringBuilder dump = new StringBuilder();
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            dump.append(info);
        }
        return dump.toString();
    }
}
