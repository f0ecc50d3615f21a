package io.hasp.internal;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Runs Hasp's Lua scripts by EVALSHA, falling back to EVAL (which also caches the script) when the server answers
 * NOSCRIPT, as it does after a restart or SCRIPT FLUSH. A script not yet seen to run through this runner goes by EVAL
 * at once: a first call whose answer comes after its timeout (a silent server; the clean-up release of an attempt with
 * an unknown outcome is sent just then) must still run once the server wakes, and a NOSCRIPT that nobody waits for
 * any more would leave it undone. On a Redis Cluster whose slot is being migrated, a script
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
    /** The SHA1s of the scripts that ran through this runner; cleared of one when the server answers NOSCRIPT. */
    private final Set<String> loaded = ConcurrentHashMap.newKeySet();

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
        if (!loaded.contains(script.sha1())) {
            eval(result, script, type, keys, args, triesLeft);
            return result;
        }
        commands.<T>evalsha(script.sha1(), type, keys, args).whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
            } else if (RedisErrors.isServerError(failure, "NOSCRIPT")) {
                loaded.remove(script.sha1());
                eval(result, script, type, keys, args, triesLeft);
            } else {
                failOrTryAgain(result, failure, script, type, keys, args, triesLeft);
            }
        });
        return result;
    }

    private <T> void eval(CompletableFuture<T> result, LuaScript script, ScriptOutputType type, String[] keys,
            String[] args, int triesLeft) {
        commands.<T>eval(script.body(), type, keys, args).whenComplete((v, f) -> {
            if (f == null) {
                loaded.add(script.sha1());
                result.complete(v);
            } else {
                failOrTryAgain(result, f, script, type, keys, args, triesLeft);
            }
        });
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
