package io.hasp.internal;

import io.hasp.KeyConflictException;
import io.lettuce.core.CompareCondition;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lock on one Redis. Acquire is one EVALSHA (the fence needs a script); release and extend use
 * {@code DELEX ... IFEQ} and {@code SET ... IFEQ ... PX} on Redis 8.4+, and compare-and-delete / compare-and-expire
 * scripts before that. If a server that claimed 8.4 refuses the native command, the backend switches to the scripts
 * for good.
 *
 * <p>Waiters register in the lock's waiter registry with their failed attempt, and the release script publishes on
 * the lock's channel only when that registry holds a live entry, so a release nobody waits for costs nothing extra.
 * DELEX cannot publish: on Redis 8.4+ a release uses it only when the lease saw no registered waiter when it was
 * granted and this client has no local waiter on the lock; otherwise it runs the script (still one round trip). A
 * remote waiter that registered after such an uncontended grant is then woken by its timed re-check instead.
 *
 * <p>Thread-safe; never blocks. The only mutable state is the {@code nativeCommands} flag, which only ever goes from
 * true to false, and the formatted arguments of the last lease time (and of the last heartbeat window within it),
 * each replaced whole: a thread that reads an older one sees it is for another lease time or window and formats its
 * own. Scripts' answers are mapped in the step that hears them ({@link ScriptRunner}), one stage per command.
 */
final class SingleNodeBackend implements LockBackend {
    private static final Logger LOG = LoggerFactory.getLogger(SingleNodeBackend.class);
    private static final LuaScript ACQUIRE = LuaScript.load("acquire");
    private static final LuaScript RELEASE = LuaScript.load("release");
    private static final LuaScript EXTEND = LuaScript.load("extend");
    private static final LuaScript HAND_OFF = LuaScript.load("handoff");
    /** The fence counter outlives the last acquire by this much at least: the clock step back it tolerates. */
    private static final long MIN_FENCE_TTL_MILLIS = Duration.ofHours(1).toMillis();
    /**
     * The lease acquire.lua takes when none is passed: the default options' (LockOptions' watchdog lease), so the
     * common single try sends the token alone (each argument costs the server every run).
     */
    static final long SCRIPT_LEASE_MILLIS = 30_000;

    private final RedisClusterAsyncCommands<String, String> commands;
    private final ScriptRunner scripts;
    private final ReplicaWait replicaWait;
    /**
     * A cluster node: the acquire and release scripts are handed the fence counter and the registry as keys, not left
     * to derive them, so a slot being migrated answers ASK or TRYAGAIN for them too ({@link #acquireKeys}).
     */
    private final boolean namesEveryKey;
    private volatile boolean nativeCommands;
    private final LeaseArguments.Latest leaseArguments = new LeaseArguments.Latest();

    public SingleNodeBackend(RedisClusterAsyncCommands<String, String> commands, ServerFeatures features) {
        this.commands = commands;
        this.scripts = new ScriptRunner(commands, features.scriptVariant());
        this.replicaWait = new ReplicaWait(features.waitAof());
        this.nativeCommands = features.nativeCompareAndSet();
        this.namesEveryKey = features.cluster();
    }

    /** Runs scripts on this backend's connection, with its notice mode. */
    ScriptRunner scripts() {
        return scripts;
    }

    /** Whether release and extend currently use the Redis 8.4 commands. */
    public boolean usesNativeCommands() {
        return nativeCommands;
    }

    @Override
    public CompletableFuture<AcquireReply> tryAcquire(LockKeys keys, String token, long leaseMillis) {
        if (leaseMillis == SCRIPT_LEASE_MILLIS) {
            return sendAcquire(keys, token, token);
        }
        return sendAcquire(keys, token, token, leaseArguments.of(leaseMillis).leaseMillis());
    }

    @Override
    public CompletableFuture<AcquireReply> tryAcquire(LockKeys keys, String token, long leaseMillis,
            WaiterEntry entry) {
        LeaseArguments lease = leaseArguments.of(leaseMillis);
        return sendAcquire(keys, token, token, lease.leaseMillis(), entry.member(),
                lease.heartbeat(entry.heartbeatMillis()), entry.keep() ? "1" : "0");
    }

    /** Runs the acquire script for the call with {@code token}; {@code args} start with that token (ARGV[1]). */
    private CompletableFuture<AcquireReply> sendAcquire(LockKeys keys, String token, String... args) {
        return scripts.attempt(token, ACQUIRE, ScriptOutputType.MULTI, AcquireOutput::new,
                answer -> toAcquireReply(keys, answer), acquireKeys(keys), args);
    }

    /**
     * The acquire script's keys: the lock key alone, from which the script derives the fence counter and the registry
     * (each key costs every run), except on a cluster. There a slot being migrated is checked only for the keys a
     * command names: a script run on the importing node for a lock key not there yet would find the counter, still on
     * the old node, absent, and write a new one, which the migration then refuses to overwrite (BUSYKEY). Named, the
     * keys make Redis answer TRYAGAIN until all of them moved, as for every multi-key command.
     */
    private String[] acquireKeys(LockKeys keys) {
        return namesEveryKey ? new String[] {keys.lockKey(), keys.fenceKey(), keys.waitersKey()}
                : keys.lockKeyAlone();
    }

    /** The release script's keys: the lock key, and on a cluster the registry too (see {@link #acquireKeys}). */
    private String[] releaseKeys(LockKeys keys) {
        return namesEveryKey ? new String[] {keys.lockKey(), keys.waitersKey()} : keys.lockKeyAlone();
    }

    /** A single try is the same script without a waiter entry: a refused one registers nothing. */
    @Override
    public boolean triesBeforeWaiting() {
        return true;
    }

    /**
     * An acquire with a proposed fence floor, and the waiter entry to register if the lock is held ({@code null}:
     * none): the fence is at least {@code proposedFence}, capped at this server's clock plus {@code maxLeadMicros}.
     * Redlock proposes one floor to all its nodes so that, in the common case, they all issue the same fence.
     */
    public CompletableFuture<AcquireReply> tryAcquire(LockKeys keys, String token, long leaseMillis,
            WaiterEntry entry, long proposedFence, long maxLeadMicros) {
        LeaseArguments lease = leaseArguments.of(leaseMillis);
        return sendAcquire(keys, token, token, lease.leaseMillis(), entry == null ? "" : entry.member(),
                entry == null ? "0" : lease.heartbeat(entry.heartbeatMillis()),
                entry != null && entry.keep() ? "1" : "0", Long.toString(proposedFence), Long.toString(maxLeadMicros));
    }

    /** How long the fence counter outlives the last acquire: the clock step back the fence survives. */
    static String fenceTtl(long leaseMillis) {
        return Long.toString(Math.max(MIN_FENCE_TTL_MILLIS, 2 * leaseMillis));
    }

    /**
     * The acquire script's answer: a bare fence (granted, no waiter seen), which {@link AcquireOutput} reads as that
     * grant and Lettuce's multi-bulk output (after a fallback by EVAL) hands over as a list of that one value (a
     * number, or its decimal digits from the script's common case), or a list that starts with its code.
     */
    @SuppressWarnings("unchecked")
    private static AcquireReply toAcquireReply(LockKeys keys, Object answer) {
        if (answer instanceof AcquireReply grant) {
            return grant;
        }
        List<Object> reply = (List<Object>) answer;
        if (reply.size() == 1) {
            return AcquireReply.granted(bareFence(reply.get(0)), false);
        }
        long code = (Long) reply.get(0);
        if (code == 1) {
            return AcquireReply.granted((Long) reply.get(1), reply.size() > 2 && (Long) reply.get(2) == 1);
        }
        if (code == 0) {
            return AcquireReply.held((Long) reply.get(1));
        }
        throw conflict(keys, code, reply.get(1));
    }

    /**
     * A fence answered bare: a number, or its decimal digits (the common case of acquire.lua and fair.lua builds the
     * fence from the server time's digits and answers them as they are).
     */
    static long bareFence(Object fence) {
        return fence instanceof String digits ? Long.parseLong(digits) : (Long) fence;
    }

    /**
     * The exception for a script's "foreign data" answer: code -1 the lock key, -2 the fence, -3 a waiter key; the
     * type found there, or {@code "member"} for a sorted set holding a member Hasp did not write.
     */
    static KeyConflictException conflict(LockKeys keys, long code, Object foundType) {
        String key = code == -1 ? keys.lockKey() : code == -2 ? keys.fenceKey() : keys.waitersKey();
        return SemaphoreBackend.foreign(keys, key, foundType);
    }

    @Override
    public CompletableFuture<Boolean> release(LockKeys keys, String token) {
        return release(keys, token, true);
    }

    /**
     * A compare-and-delete by {@code token}. A release by script that Lettuce stops waiting for (the command timeout)
     * is followed by a {@link #cleanUp} by the token: a server silent that long may still run it once it wakes, and if
     * it never ran the script (a restart, {@code SCRIPT FLUSH}) it answers the EVALSHA NOSCRIPT when nobody listens
     * any more, nobody sends the script's text, and the lock would stay for its whole lease. The clean-up goes by EVAL
     * on the same connection, behind the release; where the release did run, it finds the token gone and deletes
     * nothing, so running both is harmless. A native DELEX needs none: it runs by itself once the server wakes.
     */
    @Override
    public CompletableFuture<Boolean> release(LockKeys keys, String token, boolean mayHaveWaiters) {
        if (nativeCommands && !mayHaveWaiters) {
            return fallBackIfUnsupported(commands.delex(keys.lockKey(), CompareCondition.valueEq(token))
                    .thenApply(deleted -> deleted == 1).toCompletableFuture(), () -> release(keys, token, false));
        }
        return scripts.run(RELEASE, ScriptOutputType.INTEGER, SingleNodeBackend::done, () -> cleanUpUnanswered(this,
                keys, token), releaseKeys(keys), token);
    }

    /**
     * The clean-up by {@link LockBackend#cleanUp} of {@code backend} after a release or hand-off by {@code token} that
     * went unanswered ({@link #release}; the fair, semaphore and read-write releases too), sent at once, behind it.
     */
    static void cleanUpUnanswered(LockBackend backend, LockKeys keys, String token) {
        try {
            backend.cleanUp(keys, token);
        } catch (RuntimeException closing) { // refused before sending: the connection is closing
            LOG.debug("lock '{}' token {}: no clean-up after a release unanswered: {}", keys.name(),
                    Tokens.shortForm(token), closing.toString());
        }
    }

    /**
     * A release or extend script's answer (the semaphore's and read-write lock's releases too): whether it found our
     * token and did its work (1), or not (0).
     */
    static Boolean done(Long answer) {
        return answer == 1;
    }

    @Override
    public CompletableFuture<Boolean> cleanUp(LockKeys keys, String token) {
        CompletableFuture<Long> reply = scripts.runUnattended(token, RELEASE, ScriptOutputType.INTEGER,
                releaseKeys(keys), token);
        return reply.thenApply(deleted -> deleted == 1);
    }

    @Override
    public boolean handsOffLocally() {
        return true;
    }

    @Override
    public CompletableFuture<Long> handOff(LockKeys keys, String token, String nextToken, long leaseMillis,
            String yieldingMember) {
        String[] keyNames = yieldingMember == null ? new String[] {keys.lockKey(), keys.fenceKey()}
                : new String[] {keys.lockKey(), keys.fenceKey(), keys.waitersKey()};
        // Unanswered, it is cleaned up by our token as a release is: where the hand-off ran late, the lock is the
        // waiter's and the clean-up deletes nothing (the waiter, told the hand-off failed, releases by its own token).
        Runnable unanswered = () -> cleanUpUnanswered(this, keys, token);
        return yieldingMember == null
                ? scripts.run(HAND_OFF, ScriptOutputType.MULTI, SingleNodeBackend::handOffAnswer, unanswered, keyNames,
                        token, nextToken, Long.toString(leaseMillis), fenceTtl(leaseMillis))
                : scripts.run(HAND_OFF, ScriptOutputType.MULTI, SingleNodeBackend::handOffAnswer, unanswered, keyNames,
                        token, nextToken, Long.toString(leaseMillis), fenceTtl(leaseMillis), yieldingMember,
                        keys.channel());
    }

    /** A hand-off script's answer (the semaphore's too): the new fence, or what happened instead. */
    static Long handOffAnswer(List<Object> answer) {
        long code = (Long) answer.get(0);
        if (code == 1) {
            return (Long) answer.get(1);
        }
        return code == 0 ? NOT_OURS : code == 2 ? YIELDED : CANNOT_HAND_OFF;
    }

    /**
     * {@code WAIT replicas timeoutMillis} ({@code WAITAOF} where {@link ReplicaWait} chooses it) on the connection
     * that carries {@code keys}' scripts (WAIT counts the replicas that have that connection's writes so far): the
     * shared connection on one Redis, or on a Redis Cluster the connection to the primary of the lock's slot, the one
     * Lettuce routes the slot's commands through. Completes with the number of replicas that acknowledged.
     */
    public CompletableFuture<Long> awaitReplicas(LockKeys keys, int replicas, long timeoutMillis) {
        if (commands instanceof RedisAdvancedClusterAsyncCommands<String, String> cluster) {
            StatefulRedisClusterConnection<String, String> connection = cluster.getStatefulConnection();
            RedisClusterNode owner = connection.getPartitions().getMasterBySlot(SlotHash.getSlot(keys.lockKey()));
            if (owner == null) {
                return CompletableFuture.failedFuture(new IllegalStateException("no known primary serves the slot of "
                        + keys.lockKey()));
            }
            String host = owner.getUri().getHost();
            int port = owner.getUri().getPort();
            return connection.getConnectionAsync(host, port).thenCompose(node -> replicaWait.await(node.async(),
                    host + ":" + port, replicas, timeoutMillis));
        }
        return replicaWait.await(commands, "primary", replicas, timeoutMillis);
    }

    /**
     * A waiting call ended without the lock: its attempts left nothing of its own (the registry entry is the client's,
     * which its line removes), but an attempt of it still unanswered must not be sent again afterwards
     * ({@link ScriptRunner#ended}).
     */
    @Override
    public void gaveUp(LockKeys keys, String token, String member) {
        scripts.ended(token);
    }

    @Override
    public void forgetWaiter(LockKeys keys, String member) {
        commands.zrem(keys.waitersKey(), member);
    }

    @Override
    public CompletableFuture<Boolean> holds(LockKeys keys, String token, long validUntil) {
        return commands.get(keys.lockKey()).toCompletableFuture().handle((value, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(token.equals(value));
            }
            if (RedisErrors.isServerError(failure, "WRONGTYPE")) {
                return CompletableFuture.completedFuture(false);
            }
            return CompletableFuture.<Boolean>failedFuture(failure);
        }).thenCompose(f -> f);
    }

    @Override
    public CompletableFuture<Boolean> extend(LockKeys keys, String token, long leaseMillis) {
        if (nativeCommands) {
            SetArgs args = SetArgs.Builder.px(leaseMillis).compareCondition(CompareCondition.valueEq(token));
            return fallBackIfUnsupported(commands.set(keys.lockKey(), token, args)
                    .thenApply("OK"::equals).toCompletableFuture(), () -> extend(keys, token, leaseMillis));
        }
        return scripts.run(EXTEND, ScriptOutputType.INTEGER, SingleNodeBackend::done, keys.lockKeyAlone(),
                token, Long.toString(leaseMillis));
    }

    /**
     * A native command's result; if the server does not know the command after all, the scripts from now on. A
     * WRONGTYPE answer means the key is not a lock at all, so certainly not ours: {@code false}, key untouched.
     */
    private CompletableFuture<Boolean> fallBackIfUnsupported(CompletableFuture<Boolean> attempt,
            java.util.function.Supplier<CompletableFuture<Boolean>> retry) {
        return attempt.handle((ok, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(ok);
            }
            if (RedisErrors.isServerError(failure, "WRONGTYPE")) {
                return CompletableFuture.completedFuture(false);
            }
            if (RedisErrors.isServerError(failure, "ERR unknown command")
                    || RedisErrors.isServerError(failure, "ERR syntax error")) {
                nativeCommands = false;
                return retry.get();
            }
            return CompletableFuture.<Boolean>failedFuture(failure);
        }).thenCompose(f -> f);
    }
}
