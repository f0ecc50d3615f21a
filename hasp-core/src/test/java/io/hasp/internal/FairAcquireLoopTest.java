package io.hasp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.ClientClosedException;
import io.hasp.LockOptions;
import io.hasp.Ticker;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fair acquire loop without Redis: where its result completes. */
class FairAcquireLoopTest {
    private static final LockKeys KEYS = LockKeys.of("test", "fair");

    private final StoppingTimer timer = new StoppingTimer();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    /**
     * A re-check that finds the client's timer shut down (the client is closing) ends the call. Its dependent stages
     * (the client's listeners among them) run on the completing thread: they must not run while it holds the loop's
     * monitor, which every reply, grant and wake-up of the call takes (a stage that blocks there stalls them all, and
     * one that waits for another thread needing that monitor deadlocks).
     */
    @Test
    void aCallEndedByAClosingClientsTimerCompletesOutsideTheLoopsMonitor() {
        FairWaitLines lines = new FairWaitLines(new SubscribedChannels(), null, "client-1");
        // Another waiter of this client came first and is still trying: the call waits for its turn to queue.
        lines.enter(KEYS, "first", new QueueingWaiter(() -> { }));
        ClientLifecycle lifecycle = new ClientLifecycle(key -> Optional.empty());
        LockContext context = new LockContext(null, null, Ticker.system(), timer, Runnable::run, null, null,
                lifecycle);
        CompletableFuture<RedisLease> call = FairAcquireLoop.start(context, lines, KEYS, LockOptions.defaults(),
                TimeUnit.MINUTES.toNanos(1));
        AtomicReference<List<String>> heldByStage = new AtomicReference<>();
        call.whenComplete((lease, failure) -> heldByStage.set(monitorsHeld()));

        lifecycle.close();
        timer.stopAccepting();
        timer.runDue(); // the call's re-check: its turn has not come, so it schedules the next, which is refused

        assertThat(call).isCompletedExceptionally();
        assertThat(call.handle((lease, failure) -> failure).join()).isInstanceOf(ClientClosedException.class);
        assertThat(heldByStage.get()).doesNotContain(FairAcquireLoop.class.getName());
    }

    /** The classes of the monitors the current thread holds. */
    private static List<String> monitorsHeld() {
        List<String> held = new ArrayList<>();
        long id = Thread.currentThread().getId();
        for (MonitorInfo monitor : ManagementFactory.getThreadMXBean().getThreadInfo(new long[] {id}, true, false)[0]
                .getLockedMonitors()) {
            held.add(monitor.getClassName());
        }
        return held;
    }

    /**
     * A timer whose tasks the test runs by hand ({@link #runDue}), and which refuses new ones, as a shut-down
     * executor does, once told to ({@link #stopAccepting}).
     */
    private static final class StoppingTimer extends ScheduledThreadPoolExecutor {
        private final List<Runnable> due = new ArrayList<>();
        private boolean refusing;

        StoppingTimer() {
            super(1);
        }

        @Override
        public synchronized ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
            if (refusing) {
                throw new RejectedExecutionException("the timer is shut down");
            }
            due.add(task);
            return super.schedule(() -> { }, 1, TimeUnit.DAYS);
        }

        synchronized void stopAccepting() {
            refusing = true;
        }

        void runDue() {
            List<Runnable> tasks;
            synchronized (this) {
                tasks = new ArrayList<>(due);
                due.clear();
            }
            tasks.forEach(Runnable::run);
        }
    }
}
