package io.hasp.internal;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Runs Hasp's Lua scripts by EVALSHA, falling back to EVAL (which also caches the script) when the server answers
 * NOSCRIPT, as it does after a restart or SCRIPT FLUSH. On a Redis Cluster whose slot is being migrated, a script
 * whose keys are split between the two nodes is refused with TRYAGAIN before it runs; it is sent again after a short
 * pause, up to {@link #TRY_AGAIN_LIMIT} times (half a second in all, far longer than a batch of keys takes to move).
 * On a Redis 7+ cluster it runs each script's sharded variant ({@link LuaScript#sharded()}), whose notices travel
 * by {@code SPUBLISH} to the lock's shard only, where {@link ShardedWakeChannels} listens.
 * Thread-safe; never blocks.
 */
final class ScriptRunner {
    static final int TRY_AGAIN_LIMIT = 50;
    private static final Executor TRY_AGAIN_PAUSE = CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS);

    private final RedisClusterAsyncCommands<String, String> commands;
    private final boolean shardedPublish;

    /** {@code shardedPublish}: notices go by {@code SPUBLISH} ({@link ServerFeatures#shardedPubSub()}). */
    ScriptRunner(RedisClusterAsyncCommands<String, String> commands, boolean shardedPublish) {
        this.commands = commands;
        this.shardedPublish = shardedPublish;
    }

    <T> CompletableFuture<T> run(LuaScript script, ScriptOutputType type, String[] keys, String... args) {
        return run(script.publishing(shardedPublish), type, keys, args, TRY_AGAIN_LIMIT);
    }

    private <T> CompletableFuture<T> run(LuaScript script, ScriptOutputType type, String[] keys, String[] args,
            int triesLeft) {
        CompletableFuture<T> result = new CompletableFuture<>();
        commands.<T>evalsha(script.sha1(), type, keys, args).whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
            } else if (RedisErrors.isServerError(failure, "NOSCRIPT")) {
                commands.<T>eval(script.body(), type, keys, args).whenComplete((v, f) -> {
                    if (f == null) {
                        result.complete(v);
                    } else {
                        failOrTryAgain(result, f, script, type, keys, args, triesLeft);
                    }
                });
            } else {
                failOrTryAgain(result, failure, script, type, keys, args, triesLeft);
            }
        });
        return result;
    }

    private <T> void failOrTryAgain(CompletableFuture<T> result, Throwable failure, LuaScript script,
            ScriptOutputType type, String[] keys, String[] args, int triesLeft) {
        if (triesLeft == 0 || !RedisErrors.isServerError(failure, "TRYAGAIN")) {
            result.completeExceptionally(failure);
            return;
        }
        CompletableFuture.runAsync(() -> { }, TRY_AGAIN_PAUSE)
                .thenCompose(v -> this.<T>run(script, type, keys, args, triesLeft - 1))
                .whenComplete((v, f) -> {
                    if (f == null) {
                        result.complete(v);
                    } else {
                        result.completeExceptionally(f);
                    }
                });
    }
}
