package io.hasp.internal;

import io.hasp.KeyConflictException;
import io.lettuce.core.ScriptOutputType;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The Redis side of the fair lock: one script ({@code fair.lua}) keeps a FIFO queue of waiters and hands the lock
 * over on release. The lock key is the plain lock's, holding the holder's token, so a fair and a plain lease on the
 * same name exclude each other and extend works the same way (delegated to the plain backend).
 *
 * <p>Queue members are {@code "<token>|<hand-off lease ms>|<grant channel>"}: a grant sets the lock key to the token
 * with that short lease and publishes on the waiter's client's own grant channel, so no other client hears of it; the
 * waiter's lease is topped up to its full length later, if it is still held. Thread-safe; never blocks.
 */
final class FairLockBackend implements LockBackend {
    private static final LuaScript FAIR = LuaScript.load("fair");

    private final ScriptRunner scripts;
    private final LockBackend plain;
    private final LeaseArguments.Latest leaseArguments = new LeaseArguments.Latest();

    FairLockBackend(ScriptRunner scripts, LockBackend plain) {
        this.scripts = scripts;
        this.plain = plain;
    }

    /**
     * The queue member of a waiter with {@code token} whose hand-off lease is {@code handOffMillis} and whose client
     * hears grants on {@code grantChannel}.
     */
    static String member(String token, long handOffMillis, String grantChannel) {
        return token + "|" + handOffMillis + "|" + grantChannel;
    }

    /** A single try: takes the lock only if it is free and nobody live is queued; never queues. */
    @Override
    public CompletableFuture<AcquireReply> tryAcquire(LockKeys keys, String token, long leaseMillis) {
        return tryOnce(keys, token, leaseMillis).thenApply(reply ->
                reply.kind() == FairReply.Kind.QUEUED ? AcquireReply.held(reply.ttlMillis())
                        : AcquireReply.granted(reply.fence(), true));
    }

    /** Takes the lock if it is free and nobody live is queued (or it was handed to us); never queues. */
    CompletableFuture<FairReply> tryOnce(LockKeys keys, String token, long leaseMillis) {
        LeaseArguments lease = leaseArguments.of(leaseMillis);
        return sendAttempt(keys, token, leaseMillis, token, lease.leaseMillis(), lease.fenceTtlMillis());
    }

    /**
     * Takes the lock if it is free and we are first in line; otherwise queues {@code member} (or refreshes its
     * liveness) for {@code heartbeatMillis}.
     */
    CompletableFuture<FairReply> attempt(LockKeys keys, String token, String member, long leaseMillis,
            long heartbeatMillis) {
        LeaseArguments lease = leaseArguments.of(leaseMillis);
        return sendAttempt(keys, token, leaseMillis, token, lease.leaseMillis(), lease.fenceTtlMillis(),
                lease.heartbeat(heartbeatMillis), member);
    }

    /** Runs the attempt of the call with {@code token}; {@code args} start with that token (ARGV[1]). */
    private CompletableFuture<FairReply> sendAttempt(LockKeys keys, String token, long leaseMillis, String... args) {
        return scripts.attempt(token, FAIR, ScriptOutputType.MULTI,
                (List<Object> r) -> toFairReply(keys, r, leaseMillis),
                new String[] {keys.lockKey(), keys.fenceKey(), keys.queueKey(), keys.liveKey()}, args);
    }

    /**
     * The attempt's answer: a bare fence (we took the free lock), which Lettuce's multi-bulk output hands over as a
     * list of that one value ({@link SingleNodeBackend#bareFence}), or a list that starts with its code.
     */
    private static FairReply toFairReply(LockKeys keys, List<Object> reply, long leaseMillis) {
        if (reply.size() == 1) {
            return new FairReply(FairReply.Kind.TAKEN, SingleNodeBackend.bareFence(reply.get(0)), leaseMillis, -1, 0);
        }
        long code = checkedCode(keys, reply);
        long first = (Long) reply.get(1);
        long second = (Long) reply.get(2);
        long micros = (Long) reply.get(3);
        if (code == 2) {
            return new FairReply(FairReply.Kind.HANDED_OVER, first, second, -1, micros);
        }
        return new FairReply(FairReply.Kind.QUEUED, 0, first, second, micros);
    }

    /**
     * Leaves the queue after the caller gave up and, if the lock is ours (taken, or handed to us meanwhile), releases
     * it to the next live waiter. {@code true} if the lock was ours. An unattended send: the caller may have given up
     * because the server went silent.
     */
    CompletableFuture<Boolean> leave(LockKeys keys, String token, String member) {
        return scripts.<List<Object>>runUnattended(token, FAIR, ScriptOutputType.MULTI, releaseKeys(keys),
                member.isEmpty() ? new String[] {token} : new String[] {token, member})
                .thenApply(r -> checkedCode(keys, r) == 1);
    }

    /** The keys of a release: their fifth, the plain lock's waiter registry, is what makes the run a release. */
    private static String[] releaseKeys(LockKeys keys) {
        return new String[] {keys.lockKey(), keys.fenceKey(), keys.queueKey(), keys.liveKey(), keys.waitersKey()};
    }

    /** The reply's code; throws {@link KeyConflictException} if the script found foreign data (and wrote nothing). */
    private static long checkedCode(LockKeys keys, List<Object> reply) {
        long code = (Long) reply.get(0);
        if (code == -3) {
            throw new KeyConflictException(keys.name(), String.valueOf(reply.get(2)),
                    "a value of type " + reply.get(1));
        }
        if (code < 0) {
            throw SingleNodeBackend.conflict(keys, code, reply.get(1));
        }
        return code;
    }

    /**
     * Frees the lock if it is ours and hands it to the first live waiter in the queue. Unanswered past the command
     * timeout, it is followed by a {@link #cleanUp} by the token, as the plain lock's release is
     * ({@link SingleNodeBackend#release}): a server that lost the script (a restart, {@code SCRIPT FLUSH}) and was
     * silent that long answers the EVALSHA NOSCRIPT when nobody listens, and the lock would stay for its whole lease
     * with the queue waiting behind it. The clean-up is this release by EVAL, so it frees the lock and hands it on to
     * the queue's first live waiter, as the release would have; where the release did run, the lock is gone or the
     * waiter's, and the clean-up writes nothing (on a lock found free it grants the first live waiter, as any run of
     * the script that finds it free does).
     */
    @Override
    public CompletableFuture<Boolean> release(LockKeys keys, String token) {
        return scripts.run(FAIR, ScriptOutputType.MULTI, (List<Object> r) -> checkedCode(keys, r) == 1,
                () -> SingleNodeBackend.cleanUpUnanswered(this, keys, token), releaseKeys(keys), token);
    }

    @Override
    public CompletableFuture<Boolean> cleanUp(LockKeys keys, String token) {
        return leave(keys, token, "");
    }

    @Override
    public CompletableFuture<Boolean> holds(LockKeys keys, String token, long validUntil) {
        return plain.holds(keys, token, validUntil);
    }

    @Override
    public CompletableFuture<Boolean> extend(LockKeys keys, String token, long leaseMillis) {
        return plain.extend(keys, token, leaseMillis);
    }

}
