package io.hasp.internal;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.concurrent.CompletableFuture;

/**
 * Runs Hasp's Lua scripts by EVALSHA, falling back to EVAL (which also caches the script) when the server answers
 * NOSCRIPT, as it does after a restart or SCRIPT FLUSH. Thread-safe; never blocks.
 */
public final class ScriptRunner {
    private final RedisClusterAsyncCommands<String, String> commands;

    public ScriptRunner(RedisClusterAsyncCommands<String, String> commands) {
        this.commands = commands;
    }

    public <T> CompletableFuture<T> run(LuaScript script, ScriptOutputType type, String[] keys, String... args) {
        CompletableFuture<T> result = new CompletableFuture<>();
        commands.<T>evalsha(script.sha1(), type, keys, args).whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
            } else if (RedisErrors.isServerError(failure, "NOSCRIPT")) {
                commands.<T>eval(script.body(), type, keys, args).whenComplete((v, f) -> {
                    if (f == null) {
                        result.complete(v);
                    } else {
                        result.completeExceptionally(f);
                    }
                });
            } else {
                result.completeExceptionally(failure);
            }
        });
        return result;
    }
}
