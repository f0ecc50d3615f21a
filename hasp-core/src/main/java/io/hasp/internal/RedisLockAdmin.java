package io.hasp.internal;

import io.hasp.HaspArgumentException;
import io.hasp.KeyConflictException;
import io.hasp.LockAdmin;
import io.hasp.LockInfo;
import io.hasp.LockListing;
import io.hasp.ReadWriteLockInfo;
import io.hasp.SemaphoreInfo;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * {@link LockAdmin} on one Redis. Inspect and force-release are one script each, so what they read (or delete) is
 * one consistent state of the keys. The async forms of the three operations serve a Redlock client too, once per node
 * ({@link RedlockLockAdmin}). Thread-safe: holds only immutable references.
 */
final class RedisLockAdmin implements LockAdmin {
    private static final LuaScript INSPECT = LuaScript.load("inspect");
    private static final LuaScript FORCE_RELEASE = LuaScript.load("force-release");
    /** As many token characters as Hasp's log lines show (see {@link Tokens#shortForm}). */
    private static final String SHOWN_TOKEN_CHARS = "8";

    private final RedisClusterAsyncCommands<String, String> commands;
    private final ScriptRunner scripts;
    private final String namespace;
    private final ClientLifecycle lifecycle;
    private final PrimitiveAdmin primitives;

    RedisLockAdmin(RedisClusterAsyncCommands<String, String> commands, ScriptRunner scripts, String namespace,
            ClientLifecycle lifecycle) {
        this.commands = commands;
        this.scripts = scripts;
        this.namespace = namespace;
        this.lifecycle = lifecycle;
        this.primitives = new PrimitiveAdmin(scripts, SHOWN_TOKEN_CHARS);
    }

    @Override
    public Optional<LockInfo> inspect(String name) {
        return call(name, "inspect", inspect(keys(name, null)));
    }

    @Override
    public Optional<SemaphoreInfo> inspectSemaphore(String name) {
        return call(name, "inspect", primitives.inspectSemaphore(keys(name, "semaphore")));
    }

    @Override
    public Optional<ReadWriteLockInfo> inspectReadWriteLock(String name) {
        return call(name, "inspect", primitives.inspectReadWriteLock(keys(name, "rw")));
    }

    @Override
    public Optional<LockInfo> inspectElection(String name) {
        return call(name, "inspect", inspect(keys(name, "leader")));
    }

    @Override
    public int forceReleaseSemaphore(String name) {
        return call(name, "force-release", primitives.forceReleaseSemaphore(keys(name, "semaphore")));
    }

    @Override
    public int forceReleaseReadWriteLock(String name) {
        return call(name, "force-release", primitives.forceReleaseReadWriteLock(keys(name, "rw")));
    }

    @Override
    public boolean forceReleaseElection(String name) {
        return call(name, "force-release", forceRelease(keys(name, "leader")));
    }

    /** The checked keys of the lock ({@code kind} null) or other primitive named {@code name}, on an open client. */
    private LockKeys keys(String name, String kind) {
        String checked = Arguments.checkName(name);
        lifecycle.checkOpen(name);
        return kind == null ? LockKeys.of(namespace, checked) : LockKeys.beside(namespace, checked, kind);
    }

    /** What this Redis holds for the lock, read in one script; empty when it holds neither key. */
    CompletableFuture<Optional<LockInfo>> inspect(LockKeys keys) {
        CompletableFuture<List<Object>> reply = scripts.run(INSPECT, ScriptOutputType.MULTI,
                new String[] {keys.lockKey(), keys.fenceKey(), keys.waitersKey(), keys.queueKey(), keys.liveKey()},
                Tokens.PREFIX, SHOWN_TOKEN_CHARS);
        return reply.thenApply(r -> {
            String lockType = (String) r.get(0);
            boolean foreign = (Long) r.get(1) == 1;
            String holder = (String) r.get(2);
            long pttl = (Long) r.get(3);
            String fence = (String) r.get(4);
            if ("none".equals(lockType) && fence.isEmpty() && !foreign) {
                return Optional.empty();
            }
            Duration ttl = pttl >= 0 ? Duration.ofMillis(pttl) : null;
            return Optional.of(new LockInfo(keys.name(), keys.lockKey(), holder, ttl, parseFence(fence), foreign));
        });
    }

    /** The script sends the counter only when it holds the digits Hasp writes; anything else arrives empty. */
    private static OptionalLong parseFence(String value) {
        return value.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value));
    }

    @Override
    public boolean forceRelease(String name) {
        return call(name, "force-release", forceRelease(keys(name, null)));
    }

    /**
     * Deletes the lock key of this Redis if it holds a Hasp token: {@code true} if it did, {@code false} if the lock
     * was free; fails with {@link KeyConflictException} (key untouched) if it holds foreign data.
     */
    CompletableFuture<Boolean> forceRelease(LockKeys keys) {
        CompletableFuture<List<Object>> reply = scripts.run(FORCE_RELEASE, ScriptOutputType.MULTI,
                new String[] {keys.lockKey()}, Tokens.PREFIX);
        return reply.thenApply(r -> {
            long code = (Long) r.get(0);
            if (code == -1) {
                String type = String.valueOf(r.get(1));
                throw new KeyConflictException(keys.name(), keys.lockKey(),
                        "string".equals(type) ? "a string value" : "a value of type " + type);
            }
            return code == 1;
        });
    }

    @Override
    public LockListing listing(int limit) {
        checkLimit(limit);
        lifecycle.checkOpen(null);
        return call(null, "list", LockKeyScan.run(namespace, limit, commands));
    }

    static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIST_LIMIT) {
            throw new HaspArgumentException("limit must be between 1 and " + MAX_LIST_LIMIT + ", got " + limit);
        }
    }

    private static <T> T call(String lockName, String operation, CompletableFuture<T> reply) {
        try {
            return Futures.join(reply);
        } catch (RuntimeException e) {
            throw RedisErrors.map(lockName, operation, e);
        }
    }
}
