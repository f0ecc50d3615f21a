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
 *
 * <p>The fallback needs the NOSCRIPT answer to be heard. A server that stays silent past the command timeout answers
 * after Lettuce has failed the command, and that late answer goes nowhere: nothing is sent again. That is harmless for
 * an attempt (it did nothing), but not for the clean-up sent after it ({@link #runUnattended}), which must run once
 * the server wakes; those go by EVAL from the start.
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
        return run(script.publishing(shardedPublish), type, keys, args, false, TRY_AGAIN_LIMIT);
    }

    /**
     * Runs {@code script} by EVAL at once: for a send whose answer nobody may hear, a clean-up sent to a server that
     * just failed to answer (the release by token of an attempt whose outcome is unknown, a queue entry left behind).
     * Sent by EVALSHA to a server that lacks the script, it would do nothing if the server answered NOSCRIPT only
     * after the command timeout. EVAL costs the script's text, on paths taken only after a failure or a give-up.
     */
    <T> CompletableFuture<T> runUnattended(LuaScript script, ScriptOutputType type, String[] keys, String... args) {
        return run(script.publishing(shardedPublish), type, keys, args, true, TRY_AGAIN_LIMIT);
    }

    private <T> CompletableFuture<T> run(LuaScript script, ScriptOutputType type, String[] keys, String[] args,
            boolean byText, int triesLeft) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (byText) {
            eval(result, script, type, keys, args, true, triesLeft);
            return result;
        }
        commands.<T>evalsha(script.sha1(), type, keys, args).whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
            } else if (RedisErrors.isServerError(failure, "NOSCRIPT")) {
                eval(result, script, type, keys, args, false, triesLeft);
            } else {
                failOrTryAgain(result, failure, script, type, keys, args, false, triesLeft);
            }
        });
        return result;
    }

    private <T> void eval(CompletableFuture<T> result, LuaScript script, ScriptOutputType type, String[] keys,
            String[] args, boolean byText, int triesLeft) {
        commands.<T>eval(script.body(), type, keys, args).whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
            } else {
                failOrTryAgain(result, failure, script, type, keys, args, byText, triesLeft);
            }
        });
    }

    private <T> void failOrTryAgain(CompletableFuture<T> result, Throwable failure, LuaScript script,
            ScriptOutputType type, String[] keys, String[] args, boolean byText, int triesLeft) {
        if (triesLeft == 0 || !RedisErrors.isServerError(failure, "TRYAGAIN")) {
            result.completeExceptionally(failure);
            return;
        }
        CompletableFuture.runAsync(() -> { }, TRY_AGAIN_PAUSE)
                .thenCompose(v -> this.<T>run(script, type, keys, args, byText, triesLeft - 1))
                .whenComplete((v, f) -> {
                    if (f == null) {
                        result.complete(v);
                    } else {
                        result.completeExceptionally(f);
                    }
                });
    }
}
