package io.hasp.internal;

import io.hasp.HaspArgumentException;
import io.hasp.KeyConflictException;
import io.lettuce.core.ScriptOutputType;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The Redis side of one semaphore acquire call, as a {@link LockBackend}, so that the lock's acquire loop, waiting,
 * lease and watchdog serve the semaphore unchanged: the attempt asks for {@code permits} permits, and the lease it
 * grants is extended, checked and released by its token in the semaphore's holder set. One instance per call: it
 * carries the call's permit count and its id in the semaphore's queue.
 *
 * <p>A release hands its permits straight to this client's next waiting call on the semaphore when it can
 * ({@link #handOff}): one script gives that call a lease of its own (its token, permits and lease time, a new fence),
 * within the fairness bound of the client's wait line; see {@code semaphore-handoff.lua}.
 *
 * <p>The semaphore's keys are a {@link LockKeys} whose lock key is the holder set. Thread-safe: its one mutable field,
 * the call's queue entry, is volatile and only ever set to the one value the call's id and client give; never
 * blocks.
 */
final class SemaphoreBackend implements LockBackend {
    private static final LuaScript ACQUIRE = LuaScript.load("semaphore-acquire");
    private static final LuaScript RELEASE = LuaScript.load("semaphore-release");
    private static final LuaScript EXTEND = LuaScript.load("semaphore-extend");
    private static final LuaScript LEAVE = LuaScript.load("semaphore-leave");
    private static final LuaScript SET_PERMITS = LuaScript.load("semaphore-permits");
    private static final LuaScript HAND_OFF = LuaScript.load("semaphore-handoff");
    /** The keys of each reply code -k of the acquire script, by k. */
    private static final String[] SIDE_KEYS = {null, null, "fence", "permits", "counts", "queue", "live", "waiters"};

    private final ScriptRunner scripts;
    private final int permits;
    private final int initialPermits;
    /** The call's id in the queue; {@code null} for a single attempt, which never queues. */
    private final String callId;
    private final long queueWindowMillis;
    /**
     * The call's queue entry, {@code "<client waiter id> <call id>"}: a release names the client of the queue's head
     * when it wakes one. Set by the call's first attempt or hand-off (the waiter id is the client's and never
     * changes).
     */
    private volatile String queueEntry;

    SemaphoreBackend(ScriptRunner scripts, int permits, int initialPermits, String callId, long queueWindowMillis) {
        this.scripts = scripts;
        this.permits = permits;
        this.initialPermits = initialPermits;
        this.callId = callId;
        this.queueWindowMillis = queueWindowMillis;
    }


    @Override
    public CompletableFuture<AcquireReply> tryAcquire(LockKeys keys, String token, long leaseMillis) {
        return tryAcquire(keys, token, leaseMillis, new WaiterEntry("", 0, false));
    }

    @Override
    public CompletableFuture<AcquireReply> tryAcquire(LockKeys keys, String token, long leaseMillis,
            WaiterEntry entry) {
        CompletableFuture<List<Object>> reply = scripts.attempt(token, ACQUIRE, ScriptOutputType.MULTI, null,
                new String[] {keys.lockKey(), keys.fenceKey(), keys.sideKey("permits"), keys.sideKey("counts"),
                    keys.queueKey(), keys.liveKey(), keys.waitersKey()},
                token, Long.toString(leaseMillis), Integer.toString(permits), Integer.toString(initialPermits),
                SingleNodeBackend.fenceTtl(leaseMillis), queueEntry(entry),
                Long.toString(queueWindowMillis), entry.member(), Long.toString(entry.heartbeatMillis()),
                entry.keep() ? "1" : "0", keys.channel());
        return reply.thenApply(r -> {
            long code = (Long) r.get(0);
            if (code == 1) {
                return AcquireReply.granted((Long) r.get(1), true);
            }
            if (code == 0) {
                return AcquireReply.held((Long) r.get(1));
            }
            if (code == -100) {
                throw new HaspArgumentException("semaphore '" + keys.name() + "': cannot acquire " + permits
                        + " permits, it has only " + r.get(1));
            }
            String key = code == -1 ? keys.lockKey() : keys.sideKey(SIDE_KEYS[(int) -code]);
            if (code == -2) {
                key = keys.fenceKey();
            }
            throw foreign(keys, key, r.get(1));
        });
    }

    private String queueEntry(WaiterEntry entry) {
        return callId == null ? "" : queueEntryOf(entry.member());
    }

    /**
     * This waiting call's entry in the queue, for a client whose waiter id is {@code member}: the same for every
     * attempt and hand-off of the call. Remembered, so that a call that gives up leaves the queue even if only a
     * hand-off queued it.
     */
    private String queueEntryOf(String member) {
        String queued = queueEntry;
        if (queued == null) {
            queued = member.isEmpty() ? callId : member + " " + callId;
            queueEntry = queued;
        }
        return queued;
    }

    /**
     * The exception for a script's foreign-data answer: {@code type} is the Redis type found at {@code key}, or
     * {@code "member"} for a sorted set holding a member Hasp did not write (see the prelude's readEntries).
     */
    static KeyConflictException foreign(LockKeys keys, String key, Object type) {
        String what = switch (String.valueOf(type)) {
            case "string" -> "a string value";
            case "member" -> "a sorted-set member";
            default -> "a value of type " + type;
        };
        return new KeyConflictException(keys.name(), key, what);
    }

    /**
     * Takes the call out of the queue after it gave up; fire and forget (a stale entry also expires by itself). The
     * call may have given up because the server went silent, so this is an unattended send. The call's queue entry
     * is the one its attempts used, remembered here.
     */
    @Override
    public void gaveUp(LockKeys keys, String token, String member) {
        String queued = queueEntry;
        if (queued != null) {
            scripts.runUnattended(token, LEAVE, ScriptOutputType.INTEGER,
                    new String[] {keys.queueKey(), keys.liveKey()}, queued, keys.channel());
        } else {
            scripts.ended(token);
        }
    }

    /** Stores {@code count} as the semaphore's permit count and wakes its waiters. */
    static CompletableFuture<Void> setPermits(ScriptRunner scripts, LockKeys keys, int count) {
        CompletableFuture<List<Object>> reply = scripts.run(SET_PERMITS, ScriptOutputType.MULTI,
                new String[] {keys.sideKey("permits"), keys.waitersKey()}, Integer.toString(count), keys.channel());
        return reply.thenApply(r -> {
            if ((Long) r.get(0) != 1) {
                throw foreign(keys, keys.sideKey("permits"), r.get(1));
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Boolean> release(LockKeys keys, String token) {
        // Unanswered past the command timeout, cleaned up by the token as the plain lock's release is (see
        // SingleNodeBackend#release): a server that lost the script would answer NOSCRIPT when nobody listens.
        return scripts.run(RELEASE, ScriptOutputType.INTEGER, SingleNodeBackend::done,
                () -> SingleNodeBackend.cleanUpUnanswered(this, keys, token), releaseKeys(keys), token, keys.channel(),
                Integer.toString(permits));
    }

    @Override
    public boolean handsOffLocally() {
        return true;
    }

    /**
     * Hands the permits of {@code token} to the claimed waiter, a waiting semaphore call of this client, for the
     * permits it asks for; see {@link LockBackend#handOff(LockKeys, String, String, long, String)} for the outcomes.
     * The script knows the waiter's queue entry (the one its attempts use, whether or not it has queued yet): a
     * release made instead of the hand-off queues the waiter there, so that it keeps its turn among other clients.
     * A waiter that is not a semaphore call (never the case: a wait line holds the calls of one key) is not handed to.
     */
    @Override
    public CompletableFuture<Long> handOff(LockKeys keys, String token, HandOffClaim claim) {
        HandOffReceiver next = claim.receiver();
        if (!(next.backend() instanceof SemaphoreBackend waiter) || waiter.callId == null) {
            return CompletableFuture.completedFuture(CANNOT_HAND_OFF);
        }
        // Unanswered, cleaned up by our token as a release is: where the hand-off ran late, the permits are the
        // waiter's and the clean-up gives back nothing (the waiter, told the hand-off failed, releases by its token).
        return scripts.run(HAND_OFF, ScriptOutputType.MULTI, SingleNodeBackend::handOffAnswer,
                () -> SingleNodeBackend.cleanUpUnanswered(this, keys, token), new String[] {
            keys.lockKey(), keys.fenceKey(), keys.sideKey("permits"), keys.sideKey("counts"), keys.queueKey(),
            keys.liveKey(), keys.waitersKey()},
                token, next.token(), Long.toString(next.leaseMillis()), Integer.toString(waiter.permits),
                SingleNodeBackend.fenceTtl(next.leaseMillis()), waiter.queueEntryOf(claim.member()),
                Long.toString(waiter.queueWindowMillis), claim.yieldingMember() == null ? "0" : "1", claim.member(),
                keys.channel(), Integer.toString(initialPermits));
    }

    @Override
    public CompletableFuture<Boolean> cleanUp(LockKeys keys, String token) {
        CompletableFuture<Long> reply = scripts.runUnattended(token, RELEASE, ScriptOutputType.INTEGER,
                releaseKeys(keys), token, keys.channel(), Integer.toString(permits));
        return reply.thenApply(released -> released == 1);
    }

    private static String[] releaseKeys(LockKeys keys) {
        return new String[] {keys.lockKey(), keys.sideKey("counts"), keys.waitersKey(), keys.queueKey()};
    }

    @Override
    public CompletableFuture<Boolean> holds(LockKeys keys, String token, long validUntil) {
        return extend(keys, token, 0);
    }

    @Override
    public CompletableFuture<Boolean> extend(LockKeys keys, String token, long leaseMillis) {
        CompletableFuture<Long> reply = scripts.run(EXTEND, ScriptOutputType.INTEGER,
                new String[] {keys.lockKey(), keys.sideKey("counts")}, token, Long.toString(leaseMillis));
        return reply.thenApply(extended -> extended == 1);
    }
}
