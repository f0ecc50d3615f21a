package io.hasp.internal;

import io.hasp.HaspArgumentException;
import io.hasp.KeyConflictException;
import io.hasp.LockAdmin;
import io.hasp.LockInfo;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

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
    private static final long SCAN_COUNT = 500;

    private final RedisClusterAsyncCommands<String, String> commands;
    private final ScriptRunner scripts;
    private final String namespace;
    private final DefaultHasp client;

    RedisLockAdmin(RedisClusterAsyncCommands<String, String> commands, String namespace, DefaultHasp client) {
        this.commands = commands;
        this.scripts = new ScriptRunner(commands);
        this.namespace = namespace;
        this.client = client;
    }

    @Override
    public Optional<LockInfo> inspect(String name) {
        LockKeys keys = LockKeys.of(namespace, Arguments.checkName(name));
        client.checkOpen(name);
        return call(name, "inspect", inspect(keys));
    }

    /** What this Redis holds for the lock, read in one script; empty when it holds neither key. */
    CompletableFuture<Optional<LockInfo>> inspect(LockKeys keys) {
        CompletableFuture<List<Object>> reply = scripts.run(INSPECT, ScriptOutputType.MULTI,
                new String[] {keys.lockKey(), keys.fenceKey()}, Tokens.PREFIX, SHOWN_TOKEN_CHARS);
        return reply.thenApply(r -> {
            String lockType = (String) r.get(0);
            boolean foreign = (Long) r.get(1) == 1;
            String holder = (String) r.get(2);
            long pttl = (Long) r.get(3);
            String fence = (String) r.get(4);
            if ("none".equals(lockType) && fence.isEmpty()) {
                return Optional.empty();
            }
            Duration ttl = pttl >= 0 ? Duration.ofMillis(pttl) : null;
            return Optional.of(new LockInfo(keys.name(), keys.lockKey(), holder, ttl, parseFence(fence), foreign));
        });
    }

    /** A fence counter that is not a number is someone else's data; it says nothing about the lock's tokens. */
    private static OptionalLong parseFence(String value) {
        try {
            return value.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public boolean forceRelease(String name) {
        LockKeys keys = LockKeys.of(namespace, Arguments.checkName(name));
        client.checkOpen(name);
        return call(name, "force-release", forceRelease(keys));
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
    public List<String> list(int limit) {
        checkLimit(limit);
        client.checkOpen(null);
        return call(null, "list", list(limit, namespace, commands));
    }

    static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIST_LIMIT) {
            throw new HaspArgumentException("limit must be between 1 and " + MAX_LIST_LIMIT + ", got " + limit);
        }
    }

    /** Up to {@code limit} lock names of {@code namespace} on one Redis, sorted: SCAN pages until enough. */
    static CompletableFuture<List<String>> list(int limit, String namespace,
            RedisClusterAsyncCommands<String, String> commands) {
        String prefix = namespace + "{";
        ScanArgs match = ScanArgs.Builder.matches(globEscape(prefix) + "*}").limit(SCAN_COUNT);
        TreeSet<String> names = new TreeSet<>(); // SCAN may return a key twice; pages arrive one after the other
        return scanFrom(ScanCursor.INITIAL, match, prefix, names, limit, commands)
                .thenApply(v -> names.stream().limit(limit).collect(Collectors.toUnmodifiableList()));
    }

    private static CompletableFuture<Void> scanFrom(ScanCursor cursor, ScanArgs match, String prefix,
            TreeSet<String> names, int limit, RedisClusterAsyncCommands<String, String> commands) {
        return commands.scan(cursor, match).toCompletableFuture().thenCompose(page -> {
            for (String key : page.getKeys()) {
                String name = key.substring(prefix.length(), key.length() - 1);
                if (name.indexOf('{') < 0 && name.indexOf('}') < 0 && !name.isEmpty()) {
                    names.add(name); // a side key such as "ns{a}:x}" is not a lock key
                }
            }
            if (page.isFinished() || names.size() >= limit) {
                return CompletableFuture.completedFuture(null);
            }
            return scanFrom(page, match, prefix, names, limit, commands);
        });
    }

    /** The namespace may hold glob characters; SCAN MATCH must take them literally. */
    private static String globEscape(String literal) {
        StringBuilder out = new StringBuilder(literal.length() + 4);
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    private static <T> T call(String lockName, String operation, CompletableFuture<T> reply) {
        try {
            return Futures.join(reply);
        } catch (RuntimeException e) {
            throw RedisErrors.map(lockName, operation, e);
        }
    }
}
