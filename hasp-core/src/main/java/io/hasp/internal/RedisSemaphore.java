package io.hasp.internal;

import io.hasp.HaspArgumentException;
import io.hasp.Lease;
import io.hasp.LockOptions;
import io.hasp.LockTimeoutException;
import io.hasp.Semaphore;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A semaphore handle: immutable, cheap, thread-safe. Each acquire runs the lock's {@link AcquireLoop} over a
 * {@link SemaphoreBackend} made for that call, in a copy of the client's {@link LockContext}: the same waiting,
 * leases and watchdog as a lock. A waiting call that ends without a lease leaves the semaphore's queue at once.
 */
final class RedisSemaphore implements Semaphore {
    private final LockContext context;
    private final RedisClusterAsyncCommands<String, String> commands;
    private final ScriptRunner scripts;
    private final LockKeys keys;
    private final int initialPermits;
    private final LockOptions options;

    RedisSemaphore(LockContext context, PrimitiveServer server, LockKeys keys, int initialPermits,
            LockOptions options) {
        this(context, server.commands(), server.backend().scripts(), keys, initialPermits, options);
    }

    private RedisSemaphore(LockContext context, RedisClusterAsyncCommands<String, String> commands,
            ScriptRunner scripts, LockKeys keys, int initialPermits, LockOptions options) {
        this.context = context;
        this.commands = commands;
        this.scripts = scripts;
        this.keys = keys;
        this.initialPermits = checkCount(initialPermits);
        this.options = Arguments.notNull("options", options);
    }

    private static int checkCount(int permits) {
        if (permits < 1 || permits > MAX_PERMITS) {
            throw new HaspArgumentException("permits must be between 1 and " + MAX_PERMITS + ", got " + permits);
        }
        return permits;
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
    public Semaphore withOptions(LockOptions newOptions) {
        return new RedisSemaphore(context, commands, scripts, keys, initialPermits, newOptions);
    }

    @Override
    public Optional<Lease> tryAcquire(int permits) {
        return Optional.ofNullable(Futures.join(start(permits, Duration.ZERO)));
    }

    @Override
    public Optional<Lease> tryAcquire(int permits, Duration wait) throws InterruptedException {
        return Optional.ofNullable(await(start(permits, Arguments.checkWait(wait))));
    }

    @Override
    public Lease acquire(int permits, Duration wait) throws InterruptedException {
        RedisLease lease = await(start(permits, Arguments.checkWait(wait)));
        if (lease == null) {
            throw new LockTimeoutException(keys.name(), wait);
        }
        return lease;
    }

    @Override
    public CompletableFuture<Optional<Lease>> tryAcquireAsync(int permits) {
        return tryAcquireAsync(permits, Duration.ZERO);
    }

    @Override
    public CompletableFuture<Optional<Lease>> tryAcquireAsync(int permits, Duration wait) {
        CompletableFuture<RedisLease> loop = start(permits, Arguments.checkWait(wait));
        return external(loop, loop.thenApply(Optional::ofNullable));
    }

    @Override
    public CompletableFuture<Lease> acquireAsync(int permits, Duration wait) {
        CompletableFuture<RedisLease> loop = start(permits, Arguments.checkWait(wait));
        return external(loop, loop.thenApply(lease -> {
            if (lease == null) {
                throw new LockTimeoutException(keys.name(), wait);
            }
            return lease;
        }));
    }

    private CompletableFuture<RedisLease> start(int permits, Duration wait) {
        checkCount(permits);
        context.lifecycle().checkOpen(keys.name());
        String callId = wait.isZero() ? null : Tokens.newToken();
        SemaphoreBackend backend = new SemaphoreBackend(scripts, permits, initialPermits, callId,
                options.waiterHeartbeat().toMillis());
        return AcquireLoop.start(context.withBackend(backend), keys, options, wait.toNanos());
    }

    private <T> CompletableFuture<T> external(CompletableFuture<RedisLease> loop, CompletableFuture<T> mapped) {
        return RedisLock.external(loop, mapped, context.executor());
    }

    private static RedisLease await(CompletableFuture<RedisLease> loop) throws InterruptedException {
        return RedisLock.await(loop);
    }

    @Override
    public int permits() {
        String stored = Futures.join(commands.get(keys.sideKey("permits")).toCompletableFuture()
                .exceptionally(failure -> {
                    throw RedisErrors.isServerError(failure, "WRONGTYPE")
                            ? SemaphoreBackend.foreign(keys, keys.sideKey("permits"), "other than string")
                            : RedisErrors.map(keys.name(), "read the permit count", failure);
                }));
        if (stored == null) {
            return initialPermits;
        }
        try {
            return Integer.parseInt(stored);
        } catch (NumberFormatException e) {
            throw SemaphoreBackend.foreign(keys, keys.sideKey("permits"), "string");
        }
    }

    @Override
    public void setPermits(int permits) {
        checkCount(permits);
        context.lifecycle().checkOpen(keys.name());
        Futures.join(SemaphoreBackend.setPermits(scripts, keys, permits)
                .exceptionally(failure -> {
                    throw RedisErrors.map(keys.name(), "set the permit count", failure);
                }));
    }

    @Override
    public String toString() {
        return "Semaphore{" + keys.name() + '}';
    }
}
