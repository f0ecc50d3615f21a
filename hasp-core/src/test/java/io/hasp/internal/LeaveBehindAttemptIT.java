package io.hasp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.Backoff;
import io.hasp.LockOptions;
import io.hasp.Ticker;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A waiting call that gives up undoes what its attempts left in Redis (a fair waiter's queue entry, a semaphore call's
 * queue entry, a writer's intent, the client's registry entry) behind its attempt still in flight, even where Netty
 * would reorder them: a command sent on the connection's own I/O thread is written at once, ahead of a command another
 * thread sent before it, whose write still waits in that I/O thread's queue. Each test makes exactly that happen: the
 * waiter's re-check sends its attempt (or a release of the client sends a hand-off to the call) from another thread
 * while the I/O thread is busy in a callback, and the call is cancelled from that callback. Before the fix the undo
 * ran first and the attempt then wrote its entry again, for a call that was over, left until its heartbeat window ran
 * out.
 */
class LeaveBehindAttemptIT {
    /** Every timed re-check minutes away: the waiter attempts again only when the test runs its timer. */
    private static final LockOptions OPTIONS = LockOptions.builder().leaseTime(Duration.ofMinutes(1))
            .backoff(Backoff.exponential(Duration.ofMinutes(10), Duration.ofMinutes(10)))
            .waiterHeartbeat(Duration.ofMinutes(10)).build();
    private static final long WAIT_NANOS = TimeUnit.HOURS.toNanos(2);
    private static final long HOLD_MILLIS = 60_000;

    @RegisterExtension
    static final RedisServerExtension PER_TEST = RedisServerExtension.perTest();

    private final HandRunTimer timer = new HandRunTimer();
    /** Added to the clock: the test moves the waiter's time past its pause before running its timer. */
    private final AtomicLong skipped = new AtomicLong();
    private final Ticker ticker = () -> System.nanoTime() + skipped.get();
    private final ClientLifecycle lifecycle = new ClientLifecycle(key -> Optional.empty());
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisAsyncCommands<String, String> commands;
    private ScriptRunner scripts;
    private SingleNodeBackend single;
    private WaitLines waitLines;

    @BeforeEach
    void connect(RedisServer redis) throws Exception {
        client = RedisClient.create(redis.uri());
        connection = client.connect();
        commands = connection.async();
        single = new SingleNodeBackend(commands, ServerFeatures.fromInfo(commands.info("server").get(10,
                TimeUnit.SECONDS)));
        scripts = single.scripts();
        waitLines = new WaitLines(new SubscribedChannels(), single, timer, ticker);
    }

    @AfterEach
    void close() {
        connection.close();
        client.shutdown();
        timer.shutdownNow();
    }

    @Test
    void aFairWaiterCancelledOnTheIoThreadLeavesTheQueueBehindItsAttempt(RedisServer redis) throws Exception {
        FairLockBackend fair = new FairLockBackend(scripts, single);
        LockKeys keys = LockKeys.of("hasp:", "fair");
        assertThat(fair.tryOnce(keys, Tokens.newToken(), HOLD_MILLIS).get(10, TimeUnit.SECONDS).kind())
                .as("another call holds the lock").isEqualTo(FairReply.Kind.TAKEN);
        FairWaitLines lines = new FairWaitLines(new SubscribedChannels(), fair, "client-1");
        CompletableFuture<RedisLease> call = FairAcquireLoop.start(context(fair), lines, keys, OPTIONS, WAIT_NANOS);
        awaitWritten(redis, "ZCARD", keys.queueKey(), "the waiter's queue entry");

        cancelOnIoThreadWhileAttempting(call, false);

        assertThat(redis.command("ZCARD", keys.queueKey())).as("queue entries after the call ended").isEqualTo(0L);
        assertThat(redis.command("ZCARD", keys.liveKey())).as("liveness entries after the call ended").isEqualTo(0L);
    }

    @Test
    void aSemaphoreCallCancelledOnTheIoThreadLeavesTheQueueBehindItsAttempt(RedisServer redis) throws Exception {
        LockKeys keys = LockKeys.beside("hasp:", "permits", "semaphore");
        SemaphoreBackend holder = new SemaphoreBackend(scripts, 1, 1, null, OPTIONS.waiterHeartbeat().toMillis());
        assertThat(holder.tryAcquire(keys, Tokens.newToken(), HOLD_MILLIS).get(10, TimeUnit.SECONDS).acquired())
                .as("another call holds the only permit").isTrue();
        SemaphoreBackend waiter = new SemaphoreBackend(scripts, 1, 1, Tokens.newToken(),
                OPTIONS.waiterHeartbeat().toMillis());
        CompletableFuture<RedisLease> call = AcquireLoop.start(context(waiter), keys, OPTIONS, WAIT_NANOS);
        awaitWritten(redis, "ZCARD", keys.queueKey(), "the call's queue entry");

        cancelOnIoThreadWhileAttempting(call, true);

        assertThat(redis.command("ZCARD", keys.queueKey())).as("queue entries after the call ended").isEqualTo(0L);
        assertThat(redis.command("ZCARD", keys.waitersKey())).as("registry entries after the call ended")
                .isEqualTo(0L);
    }

    /**
     * A release of this client claims the waiting call for a hand-off, which yields (the call asks for more permits
     * than the release frees) and so queues the call; the call is cancelled on the I/O thread while that script, sent
     * by the releasing thread, waits in the I/O thread's queue.
     */
    @Test
    void aSemaphoreCallCancelledOnTheIoThreadLeavesTheQueueBehindAHandOffThatYields(RedisServer redis)
            throws Exception {
        LockKeys keys = LockKeys.beside("hasp:", "yield", "semaphore");
        long window = OPTIONS.waiterHeartbeat().toMillis();
        assertThat(new SemaphoreBackend(scripts, 1, 2, null, window).tryAcquire(keys, Tokens.newToken(), HOLD_MILLIS)
                .get(10, TimeUnit.SECONDS).acquired()).as("another client holds one of the two permits").isTrue();
        RedisLease held = AcquireLoop.start(context(new SemaphoreBackend(scripts, 1, 2, Tokens.newToken(), window)),
                keys, OPTIONS, WAIT_NANOS).get(10, TimeUnit.SECONDS);
        CompletableFuture<RedisLease> call = AcquireLoop.start(context(new SemaphoreBackend(scripts, 2, 2,
                Tokens.newToken(), window)), keys, OPTIONS, WAIT_NANOS);
        awaitWritten(redis, "ZCARD", keys.queueKey(), "the call's queue entry");

        AtomicReference<CompletableFuture<Boolean>> release = new AtomicReference<>();
        onIoThread(() -> release.set(held.releaseAsync()), call);
        assertThat(release.get().get(10, TimeUnit.SECONDS)).as("the release (a hand-off that yielded)").isTrue();

        assertThat(redis.command("ZCARD", keys.queueKey())).as("queue entries after the call ended").isEqualTo(0L);
    }

    @Test
    void aWriterCancelledOnTheIoThreadTakesBackItsIntentBehindItsAttempt(RedisServer redis) throws Exception {
        LockKeys keys = LockKeys.beside("hasp:", "table", "rw");
        long intentMillis = OPTIONS.waiterHeartbeat().toMillis();
        ReadWriteBackend reader = new ReadWriteBackend(scripts, single, false, intentMillis);
        assertThat(reader.tryAcquire(keys, Tokens.newToken(), HOLD_MILLIS).get(10, TimeUnit.SECONDS).acquired())
                .as("a reader holds the lock").isTrue();
        ReadWriteBackend writer = new ReadWriteBackend(scripts, single, true, intentMillis);
        CompletableFuture<RedisLease> call = AcquireLoop.start(context(writer), keys, OPTIONS, WAIT_NANOS);
        awaitWritten(redis, "ZCARD", keys.sideKey("writing"), "the writer's intent");

        cancelOnIoThreadWhileAttempting(call, true);

        assertThat(redis.command("ZCARD", keys.sideKey("writing"))).as("intents after the call ended").isEqualTo(0L);
        assertThat(redis.command("ZCARD", keys.waitersKey())).as("registry entries after the call ended")
                .isEqualTo(0L);
    }

    @Test
    void aLockWaiterCancelledOnTheIoThreadLeavesTheRegistryBehindItsAttempt(RedisServer redis) throws Exception {
        LockKeys keys = LockKeys.of("hasp:", "plain");
        assertThat(single.tryAcquire(keys, Tokens.newToken(), HOLD_MILLIS).get(10, TimeUnit.SECONDS).acquired())
                .as("another call holds the lock").isTrue();
        CompletableFuture<RedisLease> call = AcquireLoop.start(context(single), keys, OPTIONS, WAIT_NANOS);
        awaitWritten(redis, "ZCARD", keys.waitersKey(), "the client's registry entry");

        cancelOnIoThreadWhileAttempting(call, true);

        assertThat(redis.command("ZCARD", keys.waitersKey())).as("registry entries after the call ended")
                .isEqualTo(0L);
    }

    private LockContext context(LockBackend backend) {
        return new LockContext(backend, waitLines, ticker, timer, Runnable::run, new LeaseWatchdog(timer, ticker),
                new LockEvents(List.of(), Runnable::run), lifecycle);
    }

    /**
     * Waits until Redis holds what the waiter's attempt wrote ({@code command key} above zero), then until the
     * attempt's answer was handled: a round trip on the connection behind it.
     */
    private void awaitWritten(RedisServer redis, String command, String key, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((Long) redis.command(command, key) == 0) {
            assertThat(System.nanoTime() - deadline).as("waiting for %s", what).isNegative();
            Thread.onSpinWait();
        }
        commands.ping().get(10, TimeUnit.SECONDS);
    }

    /**
     * The waiter's re-check, sent while the I/O thread is busy, and the call cancelled there ({@link #onIoThread}).
     * {@code pastPause}: the waiter's pause ends by its time (a lock's line), not by the re-check alone (a fair
     * waiter, whose deadline the skipped time would reach).
     */
    private void cancelOnIoThreadWhileAttempting(CompletableFuture<RedisLease> call, boolean pastPause)
            throws Exception {
        AtomicReference<Integer> recheckTasks = new AtomicReference<>();
        onIoThread(() -> {
            if (pastPause) {
                skipped.addAndGet(TimeUnit.MINUTES.toNanos(30));
            }
            recheckTasks.set(timer.runScheduled());
        }, call);
        assertThat(recheckTasks.get()).as("re-checks run").isPositive();
    }

    /**
     * While the connection's I/O thread runs a callback, another thread runs {@code send} (the write of what it sends
     * then waits in the I/O thread's queue); then the callback cancels {@code call}, on the I/O thread.
     */
    private void onIoThread(Runnable send, CompletableFuture<RedisLease> call) throws Exception {
        AtomicReference<String> ioThread = new AtomicReference<>();
        CompletableFuture<Void> callback = commands.blpop(0.1, "hasp:never").toCompletableFuture().thenAccept(
                nothing -> {
                    ioThread.set(Thread.currentThread().getName());
                    Thread sender = new Thread(send);
                    sender.start();
                    try {
                        sender.join(); // the write of what it sent now waits in the I/O thread's queue, busy here
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    call.cancel(true);
                });
        callback.get(10, TimeUnit.SECONDS);
        assertThat(ioThread.get()).as("where the call was cancelled").containsIgnoringCase("EventLoop");
        assertThat(call).isCancelled();
        // Everything the attempt and the undo sent has run: whatever waited for the attempt's answer is sent by the
        // time the first round trip is answered, and has run by the time the second is.
        for (int i = 0; i < 2; i++) {
            commands.ping().get(10, TimeUnit.SECONDS);
        }
    }

    /** A timer whose tasks run only when the test says ({@link #runScheduled}), on the test's thread of choice. */
    private static final class HandRunTimer extends ScheduledThreadPoolExecutor {
        private final List<Task> scheduled = new ArrayList<>();

        HandRunTimer() {
            super(1);
        }

        @Override
        public synchronized ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
            Task scheduledTask = new Task(task);
            scheduled.add(scheduledTask);
            return scheduledTask;
        }

        /** Runs every task scheduled so far and not cancelled; how many ran. */
        int runScheduled() {
            List<Task> tasks;
            synchronized (this) {
                tasks = new ArrayList<>(scheduled);
                scheduled.clear();
            }
            int ran = 0;
            for (Task task : tasks) {
                if (!task.isCancelled()) {
                    task.run();
                    ran++;
                }
            }
            return ran;
        }

        private static final class Task extends FutureTask<Void> implements ScheduledFuture<Void> {
            Task(Runnable task) {
                super(task, null);
            }

            @Override
            public long getDelay(TimeUnit unit) {
                return 0;
            }

            @Override
            public int compareTo(Delayed other) {
                return 0;
            }
        }
    }
}
