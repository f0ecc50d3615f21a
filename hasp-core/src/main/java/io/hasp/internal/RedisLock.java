package io.hasp.internal;

import io.hasp.JavaLock;
import io.hasp.Lease;
import io.hasp.Lock;
import io.hasp.LockOptions;
import io.hasp.LockTimeoutException;
import io.hasp.LockedCallable;
import io.hasp.LockedRunnable;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A lock handle: immutable, cheap, thread-safe. Every blocking form is a wait on the async form. A fair handle
 * ({@code fairLines} set) waits in the lock's FIFO queue; its single tries and its leases use the fair backend of
 * its context.
 */
final class RedisLock implements Lock {
    private final LockContext context;
    private final LockKeys keys;
    private final LockOptions options;
    private final FairWaitLines fairLines;

    RedisLock(LockContext context, LockKeys keys, LockOptions options) {
        this(context, keys, options, null);
    }

    RedisLock(LockContext context, LockKeys keys, LockOptions options, FairWaitLines fairLines) {
        this.context = context;
        this.keys = keys;
        this.options = options;
        this.fairLines = fairLines;
    }

    @Override
    public String name() {
        return keys.name();
    }

    @Override
    public LockOptions options() {
        return options;
    }

    @Override
    public Lock withOptions(LockOptions newOptions) {
        return new RedisLock(context, keys, Arguments.notNull("options", newOptions), fairLines);
    }

    @Override
    public Optional<Lease> tryAcquire() {
        return Optional.ofNullable(Futures.join(start(Duration.ZERO)));
    }

    @Override
    public Optional<Lease> tryAcquire(Duration wait) throws InterruptedException {
        return Optional.ofNullable(await(start(Arguments.checkWait(wait))));
    }

    @Override
    public Lease acquire(Duration wait) throws InterruptedException {
        RedisLease lease = await(start(Arguments.checkWait(wait)));
        if (lease == null) {
            throw new LockTimeoutException(keys.name(), wait);
        }
        return lease;
    }

    @Override
    public CompletableFuture<Optional<Lease>> tryAcquireAsync() {
        return tryAcquireAsync(Duration.ZERO);
    }

    @Override
    public CompletableFuture<Optional<Lease>> tryAcquireAsync(Duration wait) {
        CompletableFuture<RedisLease> loop = start(Arguments.checkWait(wait));
        return handOff(loop, loop.thenApply(Optional::ofNullable));
    }

    @Override
    public CompletableFuture<Lease> acquireAsync(Duration wait) {
        CompletableFuture<RedisLease> loop = start(Arguments.checkWait(wait));
        return handOff(loop, loop.thenApply(lease -> {
            if (lease == null) {
                throw new LockTimeoutException(keys.name(), wait);
            }
            return lease;
        }));
    }

    @Override
    public <T, X extends Exception> T withLock(Duration wait, LockedCallable<T, X> work)
            throws InterruptedException, X {
        Arguments.notNull("work", work);
        return LockedWork.run(this, wait, work);
    }

    @Override
    public <X extends Exception> void runLocked(Duration wait, LockedRunnable<X> work) throws InterruptedException, X {
        Arguments.notNull("work", work);
        LockedWork.run(this, wait, lease -> {
            work.run(lease);
            return null;
        });
    }

    @Override
    public JavaLock asJavaLock() {
        return new JavaLockView(this);
    }

    private CompletableFuture<RedisLease> start(Duration wait) {
        LockEvents events = context.events();
        long startedAt = events.active() ? context.ticker().read() : 0;
        events.acquiring(keys.name());
        CompletableFuture<RedisLease> loop;
        if (fairLines != null && !wait.isZero()) {
            loop = FairAcquireLoop.start(context, fairLines, keys, options, wait.toNanos());
        } else {
            loop = AcquireLoop.start(context, keys, options, wait.toNanos());
            if (!wait.isZero()) {
                endOnTime(loop, wait);
            }
        }
        if (events.active()) {
            loop.whenComplete((lease, failure) ->
                    events.acquired(keys.name(), startedAt, context.ticker().read(), lease, failure));
        }
        return loop;
    }

    /**
     * Ends a waiting acquire on time even when its own steps run late: on a starved host, continuations on the I/O
     * threads (first-use class loading, a lazily opened connection) can lag far behind the per-node timeouts that
     * bound each attempt. If the backend bounds its attempts, the loop is completed as "not acquired" once the wait
     * plus one attempt's bound has passed, as the loop itself would have done; an attempt still in flight then
     * releases whatever it is granted by its token, as after any abandoned wait.
     */
    private void endOnTime(CompletableFuture<RedisLease> loop, Duration wait) {
        long bound = context.backend().attemptBoundNanos(options.leaseTime().toMillis());
        if (bound < 0 || loop.isDone()) {
            return;
        }
        try {
            ScheduledFuture<?> cut = context.timer().schedule(() -> loop.complete(null), wait.toNanos() + bound,
                    TimeUnit.NANOSECONDS);
            loop.whenComplete((lease, failure) -> cut.cancel(false));
        } catch (RejectedExecutionException closing) {
            // The client is closing: the loop finds it closed at its next step.
        }
    }

    private <T> CompletableFuture<T> handOff(CompletableFuture<RedisLease> loop, CompletableFuture<T> mapped) {
        return external(loop, mapped, context.executor());
    }

    /** The user's future for {@code mapped}, completed on {@code executor}; cancelling it stops {@code loop}. */
    static <T> CompletableFuture<T> external(CompletableFuture<RedisLease> loop, CompletableFuture<T> mapped,
            Executor executor) {
        CompletableFuture<T> external = Futures.handOff(mapped, executor);
        external.whenComplete((v, f) -> {
            if (external.isCancelled()) {
                abandon(loop);
            }
        });
        return external;
    }

    /** Stops the loop; if it already produced a lease that nobody will see, releases that lease. */
    static void abandon(CompletableFuture<RedisLease> loop) {
        if (!loop.cancel(false) && !loop.isCompletedExceptionally()) {
            RedisLease granted = loop.join();
            if (granted != null) {
                granted.abandon();
            }
        }
    }

    /** Waits for the loop; an interrupt abandons the wait and releases a lease that arrived in the meantime. */
    static RedisLease await(CompletableFuture<RedisLease> loop) throws InterruptedException {
        try {
            return Futures.get(loop);
        } catch (InterruptedException e) {
            abandon(loop);
            throw e;
        }
    }

    @Override
    public String toString() {
        return (fairLines != null ? "FairLock{" : "Lock{") + keys.name() + '}';
    }
}
