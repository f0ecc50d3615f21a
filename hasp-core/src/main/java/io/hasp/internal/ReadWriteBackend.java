package io.hasp.internal;

import io.lettuce.core.ScriptOutputType;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The Redis side of one side (read or write) of a read-write lock, as a {@link LockBackend}, so that a plain
 * {@link RedisLock} over it gives that side the lock's acquire loop, waiting, leases and watchdog unchanged. The
 * write side's key is a plain lock key, so it extends and checks through the client's {@link SingleNodeBackend}, and
 * releases with its own script, which wakes every waiting client (their readers may all share the lock); the read
 * side has its own scripts, on the sorted set of readers. A waiting writer's attempts carry its intent (see
 * {@code rw-acquire.lua}); a single attempt records none, and a writer that gives up takes its back ({@link #gaveUp}). A read is a shared hold ({@link #shared}): the next local
 * waiter need not wait for a release to try. Thread-safe (immutable); never blocks.
 */
final class ReadWriteBackend implements LockBackend {
    private static final LuaScript ACQUIRE = LuaScript.load("rw-acquire");
    private static final LuaScript READ_RELEASE = LuaScript.load("rw-read-release");
    private static final LuaScript READ_EXTEND = LuaScript.load("rw-read-extend");
    private static final LuaScript DOWNGRADE = LuaScript.load("rw-downgrade");
    private static final LuaScript WRITE_RELEASE = LuaScript.load("rw-write-release");
    private static final LuaScript WRITE_LEAVE = LuaScript.load("rw-write-leave");
    private static final String[] SIDE_KEYS = {null, null, "readers", "fence", "writing", "waiters"};

    private final ScriptRunner scripts;
    /** The write side's extend and check, and the registry clean-up of both sides. */
    private final SingleNodeBackend single;
    private final boolean write;
    private final long intentWindowMillis;

    ReadWriteBackend(ScriptRunner scripts, SingleNodeBackend single, boolean write, long intentWindowMillis) {
        this.scripts = scripts;
        this.single = single;
        this.write = write;
        this.intentWindowMillis = intentWindowMillis;
    }

    @Override
    public CompletableFuture<AcquireReply> tryAcquire(LockKeys keys, String token, long leaseMillis) {
        return attempt(keys, token, leaseMillis, new WaiterEntry("", 0, false), 0, List.of());
    }

    @Override
    public CompletableFuture<AcquireReply> tryAcquire(LockKeys keys, String token, long leaseMillis,
            WaiterEntry entry) {
        return attempt(keys, token, leaseMillis, entry, intentWindowMillis, List.of());
    }

    @Override
    public CompletableFuture<AcquireReply> tryAcquire(LockKeys keys, String token, long leaseMillis,
            WaiterEntry entry, List<? extends HandOffReceiver> companions) {
        return attempt(keys, token, leaseMillis, entry, intentWindowMillis, companions);
    }

    private CompletableFuture<AcquireReply> attempt(LockKeys keys, String token, long leaseMillis, WaiterEntry entry,
            long intentMillis, List<? extends HandOffReceiver> companions) {
        String[] args = new String[9 + 2 * companions.size()];
        args[0] = token;
        args[1] = Long.toString(leaseMillis);
        args[2] = write ? "w" : "r";
        args[3] = Tokens.PREFIX;
        args[4] = SingleNodeBackend.fenceTtl(leaseMillis);
        args[5] = Long.toString(intentMillis);
        args[6] = entry.member();
        args[7] = Long.toString(entry.heartbeatMillis());
        args[8] = entry.keep() ? "1" : "0";
        for (int i = 0; i < companions.size(); i++) {
            args[9 + 2 * i] = companions.get(i).token();
            args[10 + 2 * i] = Long.toString(companions.get(i).leaseMillis());
        }
        CompletableFuture<List<Object>> reply = scripts.attempt(token, ACQUIRE, ScriptOutputType.MULTI, null,
                new String[] {keys.lockKey(), keys.sideKey("readers"), keys.fenceKey(), keys.sideKey("writing"),
                    keys.waitersKey()}, args);
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
    public boolean shared() {
        return !write;
    }

    /**
     * Unanswered past the command timeout, a release is followed by a {@link #cleanUp} by the token, as the plain
     * lock's is ({@link SingleNodeBackend#release}): otherwise a server that lost the script and was silent that long
     * answers NOSCRIPT when nobody listens, and the hold stays for its whole lease.
     */
    @Override
    public CompletableFuture<Boolean> release(LockKeys keys, String token) {
        Runnable unanswered = () -> SingleNodeBackend.cleanUpUnanswered(this, keys, token);
        return write
                ? scripts.run(WRITE_RELEASE, ScriptOutputType.INTEGER, SingleNodeBackend::done, unanswered,
                        writeReleaseKeys(keys), token, keys.channel())
                : scripts.run(READ_RELEASE, ScriptOutputType.INTEGER, SingleNodeBackend::done, unanswered,
                        readReleaseKeys(keys), token, keys.channel());
    }

    @Override
    public CompletableFuture<Boolean> cleanUp(LockKeys keys, String token) {
        CompletableFuture<Long> reply = write
                ? scripts.runUnattended(token, WRITE_RELEASE, ScriptOutputType.INTEGER, writeReleaseKeys(keys),
                        token, keys.channel())
                : scripts.runUnattended(token, READ_RELEASE, ScriptOutputType.INTEGER, readReleaseKeys(keys),
                        token, keys.channel());
        return reply.thenApply(released -> released == 1);
    }

    private static String[] writeReleaseKeys(LockKeys keys) {
        return new String[] {keys.lockKey(), keys.waitersKey(), keys.sideKey("writing")};
    }

    private static String[] readReleaseKeys(LockKeys keys) {
        return new String[] {keys.sideKey("readers"), keys.waitersKey(), keys.sideKey("writing")};
    }

    /**
     * A writer that gave up takes back its intent, which would otherwise keep new readers out for its whole window,
     * and wakes the readers it kept out ({@code rw-write-leave.lua}). The intent is the one its attempts recorded:
     * {@code "<member> <token>"}.
     */
    @Override
    public void gaveUp(LockKeys keys, String token, String member) {
        if (write) {
            scripts.runUnattended(token, WRITE_LEAVE, ScriptOutputType.INTEGER,
                    new String[] {keys.sideKey("writing"), keys.waitersKey()},
                    member.isEmpty() ? token : member + " " + token, keys.channel());
        } else {
            scripts.ended(token);
        }
    }

    @Override
    public void forgetWaiter(LockKeys keys, String member) {
        single.forgetWaiter(keys, member);
    }

    @Override
    public CompletableFuture<Boolean> holds(LockKeys keys, String token, long validUntil) {
        return write ? single.holds(keys, token, validUntil) : extend(keys, token, 0);
    }

    @Override
    public CompletableFuture<Boolean> extend(LockKeys keys, String token, long leaseMillis) {
        if (write) {
            return single.extend(keys, token, leaseMillis);
        }
        CompletableFuture<Long> reply = scripts.run(READ_EXTEND, ScriptOutputType.INTEGER,
                new String[] {keys.sideKey("readers")}, token, Long.toString(leaseMillis));
        return reply.thenApply(extended -> extended == 1);
    }
}
