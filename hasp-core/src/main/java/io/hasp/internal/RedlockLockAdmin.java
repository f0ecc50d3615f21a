package io.hasp.internal;

import io.hasp.HaspException;
import io.hasp.KeyConflictException;
import io.hasp.LockAdmin;
import io.hasp.LockInfo;
import io.hasp.LockListing;
import io.hasp.ReadWriteLockInfo;
import io.hasp.RedisUnavailableException;
import io.hasp.SemaphoreInfo;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@link LockAdmin} over the nodes of a Redlock client: each operation runs the single-Redis one
 * ({@link RedisLockAdmin}) on every reachable node at once, each bounded by the client's command timeout, and needs
 * answers from a majority. Inspect reports what a majority says, with each node's own view; force-release deletes
 * Hasp tokens wherever they stand and never foreign data. Thread-safe: holds only immutable references.
 */
final class RedlockLockAdmin implements LockAdmin {
    private final List<RedlockNode> nodes;
    private final int quorum;
    private final String namespace;
    private final ClientLifecycle lifecycle;
    private final long timeoutNanos;

    RedlockLockAdmin(List<RedlockNode> nodes, String namespace, ClientLifecycle lifecycle, Duration commandTimeout) {
        this.nodes = List.copyOf(nodes);
        this.quorum = Quorum.of(nodes.size());
        this.namespace = namespace;
        this.lifecycle = lifecycle;
        this.timeoutNanos = commandTimeout.toNanos();
    }

    @Override
    public Optional<LockInfo> inspect(String name) {
        return inspect(keys(name, null));
    }

    @Override
    public Optional<LockInfo> inspectElection(String name) {
        return inspect(keys(name, "leader"));
    }

    @Override
    public Optional<SemaphoreInfo> inspectSemaphore(String name) {
        throw notHere(name, "semaphores");
    }

    @Override
    public Optional<ReadWriteLockInfo> inspectReadWriteLock(String name) {
        throw notHere(name, "read-write locks");
    }

    @Override
    public int forceReleaseSemaphore(String name) {
        throw notHere(name, "semaphores");
    }

    @Override
    public int forceReleaseReadWriteLock(String name) {
        throw notHere(name, "read-write locks");
    }

    @Override
    public boolean forceReleaseElection(String name) {
        return forceReleaseCount(keys(name, "leader")) > 0;
    }

    /** The checked keys of the lock ({@code kind} null) or other primitive named {@code name}, on an open client. */
    private LockKeys keys(String name, String kind) {
        String checked = Arguments.checkName(name);
        lifecycle.checkOpen(name);
        return kind == null ? LockKeys.of(namespace, checked) : LockKeys.beside(namespace, checked, kind);
    }

    /** The refusal of a primitive that a Redlock client does not have (see {@code Hasp.semaphore}). */
    private static HaspException notHere(String name, String primitives) {
        String checked = Arguments.checkName(name);
        return new HaspException(checked, "'" + checked + "': " + primitives + " are not available on a client over"
                + " several Redis servers (Redlock), so there is nothing to inspect or release; use a client on one"
                + " Redis");
    }

    private Optional<LockInfo> inspect(LockKeys keys) {
        List<NodeOutcome<Optional<LockInfo>>> outcomes = onEveryNode(commands -> single(commands).inspect(keys));
        requireMajority(keys.name(), "inspect", outcomes);
        Map<String, LockInfo> views = new LinkedHashMap<>();
        boolean anything = false;
        for (NodeOutcome<Optional<LockInfo>> outcome : outcomes) {
            if (outcome.ok()) {
                anything |= outcome.value().isPresent();
                views.put(outcome.node().label(), outcome.value().orElseGet(() ->
                        new LockInfo(keys.name(), keys.lockKey(), "", null, OptionalLong.empty(), false)));
            }
        }
        if (!anything) {
            return Optional.empty();
        }
        return Optional.of(summarize(keys, views));
    }

    /** What a majority of {@code views} says (see {@link LockAdmin#inspect(String)}). */
    private LockInfo summarize(LockKeys keys, Map<String, LockInfo> views) {
        Map<String, Integer> holders = new HashMap<>();
        boolean foreign = false;
        List<Long> fences = new ArrayList<>();
        for (LockInfo view : views.values()) {
            if (view.held()) {
                holders.merge(view.holderTokenPrefix(), 1, Integer::sum);
            }
            foreign |= view.foreignData();
            view.fence().ifPresent(fences::add);
        }
        String holder = holders.entrySet().stream().filter(e -> e.getValue() >= quorum).map(Map.Entry::getKey)
                .findFirst().orElse("");
        Duration ttl = null;
        if (!holder.isEmpty()) {
            List<Duration> ttls = views.values().stream().filter(v -> v.holderTokenPrefix().equals(holder))
                    .map(v -> v.remainingTtl().orElse(null)).filter(t -> t != null)
                    .sorted(Comparator.reverseOrder()).collect(Collectors.toList());
            ttl = ttls.size() >= quorum ? ttls.get(quorum - 1) : null;
        }
        fences.sort(Comparator.reverseOrder());
        OptionalLong fence = fences.size() >= quorum ? OptionalLong.of(fences.get(quorum - 1)) : OptionalLong.empty();
        return new LockInfo(keys.name(), keys.lockKey(), holder, ttl, fence, foreign, views);
    }

    @Override
    public boolean forceRelease(String name) {
        return forceReleaseCount(name) > 0;
    }

    @Override
    public int forceReleaseCount(String name) {
        return forceReleaseCount(keys(name, null));
    }

    private int forceReleaseCount(LockKeys keys) {
        List<NodeOutcome<Boolean>> outcomes = onEveryNode(commands -> single(commands).forceRelease(keys));
        int released = 0;
        int answered = 0;
        List<String> conflicted = new ArrayList<>();
        List<Throwable> conflicts = new ArrayList<>();
        for (NodeOutcome<Boolean> outcome : outcomes) {
            if (outcome.ok()) {
                answered++;
                released += outcome.value() ? 1 : 0;
            } else if (RedisErrors.unwrap(outcome.failure()) instanceof KeyConflictException found) {
                answered++;
                conflicted.add(outcome.node().label());
                conflicts.add(found);
            }
        }
        if (!conflicts.isEmpty()) {
            // Each node's own exception, naming what it found, travels along as a suppressed one.
            KeyConflictException conflict = new KeyConflictException(keys.name(), keys.lockKey(), "data on "
                    + String.join(", ", conflicted) + " (the lock was force-released on " + released
                    + " other nodes)");
            conflicts.forEach(conflict::addSuppressed);
            throw conflict;
        }
        if (answered < quorum) {
            throw new RedisUnavailableException(keys.name(), "lock '" + keys.name() + "': force-release reached only "
                    + answered + " of " + nodes.size() + " Redlock nodes (released on " + released + "); a majority of "
                    + quorum + " is needed to be sure the lock is free; failed: " + Quorum.describeFailed(outcomes),
                    null);
        }
        return released;
    }

    @Override
    public LockListing listing(int limit) {
        RedisLockAdmin.checkLimit(limit);
        lifecycle.checkOpen(null);
        List<NodeOutcome<LockListing>> outcomes = onEveryNode(commands -> LockKeyScan.run(namespace, limit, commands));
        requireMajority(null, "list", outcomes);
        return LockKeyScan.merge(namespace, limit, outcomes.stream().filter(NodeOutcome::ok).map(NodeOutcome::value)
                .toList());
    }

    /** The single-Redis admin over one node's connection. */
    private RedisLockAdmin single(RedisAsyncCommands<String, String> commands) {
        return new RedisLockAdmin(commands, new ScriptRunner(commands, LuaScript.Variant.ANY_SERVER), namespace,
                lifecycle);
    }

    /** Runs {@code command} on every reachable node at once; each outcome is bounded by the command timeout. */
    private <T> List<NodeOutcome<T>> onEveryNode(
            Function<RedisAsyncCommands<String, String>, CompletableFuture<T>> command) {
        return Futures.join(Quorum.all(nodes, node -> node.admin(command, timeoutNanos)));
    }

    /** Fails unless a majority of nodes answered (an error about the data, such as foreign data, is an answer). */
    private void requireMajority(String lockName, String operation, List<? extends NodeOutcome<?>> outcomes) {
        int answered = nodes.size() - Quorum.unavailable(outcomes);
        if (answered < quorum) {
            String subject = lockName == null ? "" : "lock '" + lockName + "': ";
            throw new RedisUnavailableException(lockName, subject + operation + " reached only " + answered + " of "
                    + nodes.size() + " Redlock nodes and a majority of " + quorum + " is needed; failed: "
                    + Quorum.describeFailed(outcomes), null);
        }
    }
}
