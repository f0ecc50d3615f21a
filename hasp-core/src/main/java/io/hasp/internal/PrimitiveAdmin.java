package io.hasp.internal;

import io.hasp.HolderInfo;
import io.hasp.ReadWriteLockInfo;
import io.hasp.SemaphoreInfo;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * The operator's view of semaphores and read-write locks on one Redis: inspect and force-release, one script each,
 * so what they read (or delete) is one consistent state of the keys. Replies carry only short token prefixes.
 * Thread-safe: holds only immutable references.
 */
final class PrimitiveAdmin {
    private static final LuaScript SEMAPHORE_INSPECT = LuaScript.load("semaphore-inspect");
    private static final LuaScript SEMAPHORE_FORCE_RELEASE = LuaScript.load("semaphore-force-release");
    private static final LuaScript RW_INSPECT = LuaScript.load("rw-inspect");
    private static final LuaScript RW_FORCE_RELEASE = LuaScript.load("rw-force-release");

    private final ScriptRunner scripts;
    private final String shownTokenChars;

    PrimitiveAdmin(ScriptRunner scripts, String shownTokenChars) {
        this.scripts = scripts;
        this.shownTokenChars = shownTokenChars;
    }

    /** The semaphore with these keys ({@link LockKeys#beside} "semaphore"); empty when none of its keys exists. */
    CompletableFuture<Optional<SemaphoreInfo>> inspectSemaphore(LockKeys keys) {
        CompletableFuture<List<Object>> reply = scripts.run(SEMAPHORE_INSPECT, ScriptOutputType.MULTI, new String[] {
            keys.lockKey(), keys.sideKey("counts"), keys.sideKey("permits"), keys.fenceKey(), keys.queueKey(),
            keys.liveKey(), keys.waitersKey()}, Tokens.PREFIX, shownTokenChars);
        return reply.thenApply(r -> {
            boolean foreign = (Long) r.get(1) == 1;
            if ((Long) r.get(0) == 0 && !foreign) {
                return Optional.empty();
            }
            String permits = (String) r.get(2);
            List<HolderInfo> holders = new ArrayList<>();
            List<?> found = (List<?>) r.get(5);
            for (int i = 0; i + 2 < found.size(); i += 3) {
                holders.add(new HolderInfo((String) found.get(i), ((Long) found.get(i + 1)).intValue(),
                        Duration.ofMillis((Long) found.get(i + 2))));
            }
            return Optional.of(new SemaphoreInfo(keys.name(), keys.lockKey(),
                    permits.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(permits)), holders,
                    ((Long) r.get(4)).intValue(), fence((String) r.get(3)), foreign));
        });
    }

    /** The read-write lock with these keys ({@link LockKeys#beside} "rw"); empty when none of its keys exists. */
    CompletableFuture<Optional<ReadWriteLockInfo>> inspectReadWriteLock(LockKeys keys) {
        CompletableFuture<List<Object>> reply = scripts.run(RW_INSPECT, ScriptOutputType.MULTI, new String[] {
            keys.lockKey(), keys.sideKey("readers"), keys.fenceKey(), keys.sideKey("writing"), keys.waitersKey()},
                Tokens.PREFIX, shownTokenChars);
        return reply.thenApply(r -> {
            boolean foreign = (Long) r.get(1) == 1;
            if ((Long) r.get(0) == 0 && !foreign) {
                return Optional.empty();
            }
            String writer = (String) r.get(2);
            long writerTtl = (Long) r.get(3);
            List<HolderInfo> readers = new ArrayList<>();
            List<?> found = (List<?>) r.get(6);
            for (int i = 0; i + 1 < found.size(); i += 2) {
                readers.add(new HolderInfo((String) found.get(i), 1, Duration.ofMillis((Long) found.get(i + 1))));
            }
            Optional<HolderInfo> writing = writer.isEmpty() ? Optional.empty()
                    : Optional.of(new HolderInfo(writer, 1, Duration.ofMillis(Math.max(0, writerTtl))));
            return Optional.of(new ReadWriteLockInfo(keys.name(), keys.lockKey(), writing, readers,
                    ((Long) r.get(5)).intValue(), fence((String) r.get(4)), foreign));
        });
    }

    /** Ends every lease of the semaphore: how many were within their time; foreign data fails, untouched. */
    CompletableFuture<Integer> forceReleaseSemaphore(LockKeys keys) {
        return forceRelease(SEMAPHORE_FORCE_RELEASE, keys, keys.sideKey("counts"));
    }

    /** Ends the writer's and every reader's lease: how many were ended; foreign data fails, untouched. */
    CompletableFuture<Integer> forceReleaseReadWriteLock(LockKeys keys) {
        return forceRelease(RW_FORCE_RELEASE, keys, keys.sideKey("readers"));
    }

    private CompletableFuture<Integer> forceRelease(LuaScript script, LockKeys keys, String secondKey) {
        CompletableFuture<List<Object>> reply = scripts.run(script, ScriptOutputType.MULTI,
                new String[] {keys.lockKey(), secondKey, keys.waitersKey()}, Tokens.PREFIX, keys.channel());
        return reply.thenApply(r -> {
            long code = (Long) r.get(0);
            if (code < 0) {
                throw SemaphoreBackend.foreign(keys, code == -1 ? keys.lockKey() : secondKey, r.get(1));
            }
            return (int) code;
        });
    }

    private static OptionalLong fence(String value) {
        return value.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value));
    }
}
