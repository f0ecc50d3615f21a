package io.hasp.internal;

import io.hasp.KeyConflictException;
import io.lettuce.core.CompareCondition;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A lock on one Redis. Acquire is one EVALSHA (the fence needs a script); release and extend use
 * {@code DELEX ... IFEQ} and {@code SET ... IFEQ ... PX} on Redis 8.4+, and compare-and-delete / compare-and-expire
 * scripts before that. If a server that claimed 8.4 refuses the native command, the backend switches to the scripts
 * for good.
 *
 * <p>Thread-safe; never blocks. The only mutable state is the {@code nativeCommands} flag, which only ever goes from
 * true to false.
 */
public final class SingleNodeBackend implements LockBackend {
    private static final LuaScript ACQUIRE = LuaScript.load("acquire");
    private static final LuaScript RELEASE = LuaScript.load("release");
    private static final LuaScript EXTEND = LuaScript.load("extend");
    /** The fence counter outlives the last acquire by this much at least: the clock step back it tolerates. */
    private static final long MIN_FENCE_TTL_MILLIS = Duration.ofHours(1).toMillis();

    private final RedisAsyncCommands<String, String> commands;
    private final ScriptRunner scripts;
    private volatile boolean nativeCommands;

    public SingleNodeBackend(RedisAsyncCommands<String, String> commands, ServerFeatures features) {
        this.commands = commands;
        this.scripts = new ScriptRunner(commands);
        this.nativeCommands = features.nativeCompareAndSet();
    }

    /** Whether release and extend currently use the Redis 8.4 commands. */
    public boolean usesNativeCommands() {
        return nativeCommands;
    }

    @Override
    public CompletableFuture<AcquireReply> tryAcquire(LockKeys keys, String token, long leaseMillis) {
        String fenceTtl = Long.toString(Math.max(MIN_FENCE_TTL_MILLIS, 2 * leaseMillis));
        CompletableFuture<List<Object>> reply = scripts.run(ACQUIRE, ScriptOutputType.MULTI,
                new String[] {keys.lockKey(), keys.fenceKey()}, token, Long.toString(leaseMillis), Tokens.PREFIX,
                fenceTtl);
        return reply.thenApply(r -> toAcquireReply(keys, r));
    }

    private static AcquireReply toAcquireReply(LockKeys keys, List<Object> reply) {
        long code = (Long) reply.get(0);
        if (code == 1) {
            return AcquireReply.granted((Long) reply.get(1));
        }
        if (code == 0) {
            return AcquireReply.held((Long) reply.get(1));
        }
        String type = String.valueOf(reply.get(1));
        String what = "string".equals(type) ? "a string value" : "a value of type " + type;
        throw new KeyConflictException(keys.name(), code == -1 ? keys.lockKey() : keys.fenceKey(), what);
    }

    @Override
    public CompletableFuture<Boolean> release(LockKeys keys, String token) {
        if (nativeCommands) {
            return fallBackIfUnsupported(commands.delex(keys.lockKey(), CompareCondition.valueEq(token))
                    .thenApply(deleted -> deleted == 1).toCompletableFuture(), () -> release(keys, token));
        }
        CompletableFuture<Long> reply = scripts.run(RELEASE, ScriptOutputType.INTEGER, new String[] {keys.lockKey()},
                token);
        return reply.thenApply(deleted -> deleted == 1);
    }

    @Override
    public CompletableFuture<Boolean> extend(LockKeys keys, String token, long leaseMillis) {
        if (nativeCommands) {
            SetArgs args = SetArgs.Builder.px(leaseMillis).compareCondition(CompareCondition.valueEq(token));
            return fallBackIfUnsupported(commands.set(keys.lockKey(), token, args)
                    .thenApply("OK"::equals).toCompletableFuture(), () -> extend(keys, token, leaseMillis));
        }
        CompletableFuture<Long> reply = scripts.run(EXTEND, ScriptOutputType.INTEGER, new String[] {keys.lockKey()},
                token, Long.toString(leaseMillis));
        return reply.thenApply(extended -> extended == 1);
    }

    /**
     * A native command's result; if the server does not know the command after all, the scripts from now on. A
     * WRONGTYPE answer means the key is not a lock at all, so certainly not ours: {@code false}, key untouched.
     */
    private CompletableFuture<Boolean> fallBackIfUnsupported(CompletableFuture<Boolean> attempt,
            java.util.function.Supplier<CompletableFuture<Boolean>> retry) {
        return attempt.handle((ok, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(ok);
            }
            if (RedisErrors.isServerError(failure, "WRONGTYPE")) {
                return CompletableFuture.completedFuture(false);
            }
            if (RedisErrors.isServerError(failure, "ERR unknown command")
                    || RedisErrors.isServerError(failure, "ERR syntax error")) {
                nativeCommands = false;
                return retry.get();
            }
            return CompletableFuture.<Boolean>failedFuture(failure);
        }).thenCompose(f -> f);
    }
}
