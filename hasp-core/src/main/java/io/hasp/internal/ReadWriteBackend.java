package io.hasp.internal;

import io.lettuce.core.ScriptOutputType;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The Redis side of one side (read or write) of a read-write lock, as a {@link LockBackend}, so that a plain
 * {@link RedisLock} over it gives that side the lock's acquire loop, waiting, leases and watchdog unchanged. The
 * write side's key is a plain lock key, so it releases, extends and checks through the client's
 * {@link SingleNodeBackend}; the read side with its own scripts, on the sorted set of readers. A waiting writer's attempts carry its intent (see {@code rw-acquire.lua}); a
 * single attempt records none. Thread-safe (immutable); never blocks.
 */
final class ReadWriteBackend implements LockBackend {
    private static final LuaScript ACQUIRE = LuaScript.load("rw-acquire");
    private static final LuaScript READ_RELEASE = LuaScript.load("rw-read-release");
    private static final LuaScript READ_EXTEND = LuaScript.load("rw-read-extend");
    private static final LuaScript DOWNGRADE = LuaScript.load("rw-downgrade");
    private static final String[] SIDE_KEYS = {null, null, "readers", "fence", "writing", "waiters"};

    private final ScriptRunner scripts;
    /** The write side's release, extend and check; {@code null} for the read side. */
    private final SingleNodeBackend writer;
    private final boolean write;
    private final long intentWindowMillis;

    ReadWriteBackend(ScriptRunner scripts, SingleNodeBackend writer, long intentWindowMillis) {
        this.scripts = scripts;
        this.writer = writer;
        this.write = writer != null;
        this.intentWindowMillis = intentWindowMillis;
    }


    @Override
    public CompletableFuture<AcquireReply> tryAcquire(LockKeys keys, String token, long leaseMillis) {
        return attempt(keys, token, leaseMillis, new WaiterEntry("", 0, false), 0);
    }

    @Override
    public CompletableFuture<AcquireReply> tryAcquire(LockKeys keys, String token, long leaseMillis,
            WaiterEntry entry) {
        return attempt(keys, token, leaseMillis, entry, intentWindowMillis);
    }

    private CompletableFuture<AcquireReply> attempt(LockKeys keys, String token, long leaseMillis, WaiterEntry entry,
            long intentMillis) {
        CompletableFuture<List<Object>> reply = scripts.run(ACQUIRE, ScriptOutputType.MULTI, new String[] {
            keys.lockKey(), keys.sideKey("readers"), keys.fenceKey(), keys.sideKey("writing"), keys.waitersKey()},
                token, Long.toString(leaseMillis), write ? "w" : "r", Tokens.PREFIX,
                SingleNodeBackend.fenceTtl(leaseMillis), Long.toString(intentMillis), entry.member(),
                Long.toString(entry.heartbeatMillis()), entry.keep() ? "1" : "0");
        return reply.thenApply(r -> {
            long code = (Long) r.get(0);
            if (code == 1) {
                return AcquireReply.granted((Long) r.get(1), true);
            }
            if (code == 0) {
                return AcquireReply.held((Long) r.get(1));
            }
            String key = code == -1 ? keys.lockKey() : code == -3 ? keys.fenceKey()
                    : keys.sideKey(SIDE_KEYS[(int) -code]);
            throw SemaphoreBackend.foreign(keys, key, r.get(1));
        });
    }

    /**
     * Turns the writer {@code writeToken}'s hold into a reader {@code readToken}'s with {@code leaseMillis} in one
     * script: {@code true} if done, {@code false} if the writer key no longer holds that token (nothing written).
     */
    CompletableFuture<Boolean> downgrade(LockKeys keys, String writeToken, String readToken, long leaseMillis) {
        CompletableFuture<List<Object>> reply = scripts.run(DOWNGRADE, ScriptOutputType.MULTI, new String[] {
            keys.lockKey(), keys.sideKey("readers"), keys.waitersKey()},
                writeToken, readToken, Long.toString(leaseMillis), Tokens.PREFIX, keys.channel());
        return reply.thenApply(r -> {
            long code = (Long) r.get(0);
            if (code < 0) {
                throw SemaphoreBackend.foreign(keys, code == -1 ? keys.lockKey() : keys.sideKey("readers"), r.get(1));
            }
            return code == 1;
        });
    }

    /** Whether this is the write side's backend. */
    boolean writes() {
        return write;
    }

    @Override
    public CompletableFuture<Boolean> release(LockKeys keys, String token) {
        if (write) {
            return writer.release(keys, token, true); // readers may wait: the release must be able to notify
        }
        CompletableFuture<Long> reply = scripts.run(READ_RELEASE, ScriptOutputType.INTEGER, readReleaseKeys(keys),
                token, keys.channel());
        return reply.thenApply(released -> released == 1);
    }

    @Override
    public CompletableFuture<Boolean> cleanUp(LockKeys keys, String token) {
        if (write) {
            return writer.cleanUp(keys, token);
        }
        CompletableFuture<Long> reply = scripts.runUnattended(READ_RELEASE, ScriptOutputType.INTEGER,
                readReleaseKeys(keys), token, keys.channel());
        return reply.thenApply(released -> released == 1);
    }

    private static String[] readReleaseKeys(LockKeys keys) {
        return new String[] {keys.sideKey("readers"), keys.waitersKey()};
    }

    @Override
    public CompletableFuture<Boolean> holds(LockKeys keys, String token, long validUntil) {
        return write ? writer.holds(keys, token, validUntil) : extend(keys, token, 0);
    }

    @Override
    public CompletableFuture<Boolean> extend(LockKeys keys, String token, long leaseMillis) {
        if (write) {
            return writer.extend(keys, token, leaseMillis);
        }
        CompletableFuture<Long> reply = scripts.run(READ_EXTEND, ScriptOutputType.INTEGER,
                new String[] {keys.sideKey("readers")}, token, Long.toString(leaseMillis));
        return reply.thenApply(extended -> extended == 1);
    }
}
