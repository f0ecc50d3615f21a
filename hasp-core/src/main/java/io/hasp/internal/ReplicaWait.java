package io.hasp.internal;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.ArrayOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How a grant waits for replicas ({@link io.hasp.LockOptions#replicaAcks()}): {@code WAIT}, which counts the replicas
 * that received the connection's writes, or, on Redis 7.2+ where the primary runs with an append-only file,
 * {@code WAITAOF 0 n}, which counts the replicas that also wrote them to their own AOF and fsynced it, so an
 * acknowledging replica keeps the grant through its own crash and restart as well. A replica without AOF never
 * acknowledges a WAITAOF (it reports no fsynced offset), so the AOF setting of the primary, read once per node from
 * {@code INFO persistence}, decides; a deployment runs its replicas with the primary's persistence settings.
 * Thread-safe: the per-node choice is a concurrent map of futures; a failed read is forgotten and read again.
 */
final class ReplicaWait {
    /** Lettuce has no WAITAOF command of its own. */
    private enum Command implements ProtocolKeyword {
        WAITAOF;

        @Override
        public byte[] getBytes() {
            return name().getBytes(StandardCharsets.US_ASCII);
        }
    }

    private final boolean serverHasWaitAof;
    private final Map<String, CompletableFuture<Boolean>> aofByNode = new ConcurrentHashMap<>();

    /** {@code serverHasWaitAof}: {@link ServerFeatures#waitAof()}. */
    ReplicaWait(boolean serverHasWaitAof) {
        this.serverHasWaitAof = serverHasWaitAof;
    }

    /**
     * Waits on {@code node} (the connection that carried the write, {@code nodeKey} naming it) until {@code replicas}
     * replicas have it or {@code timeoutMillis} passed; completes with how many did.
     */
    CompletableFuture<Long> await(RedisClusterAsyncCommands<String, String> node, String nodeKey, int replicas,
            long timeoutMillis) {
        if (!serverHasWaitAof) {
            return node.waitForReplication(replicas, timeoutMillis).toCompletableFuture();
        }
        return runsAof(node, nodeKey).thenCompose(aof -> aof ? waitAof(node, replicas, timeoutMillis)
                : node.waitForReplication(replicas, timeoutMillis).toCompletableFuture());
    }

    private CompletableFuture<Boolean> runsAof(RedisClusterAsyncCommands<String, String> node, String nodeKey) {
        CompletableFuture<Boolean> known = aofByNode.computeIfAbsent(nodeKey, key -> node.info("persistence")
                .toCompletableFuture().thenApply(info -> info.contains("aof_enabled:1")));
        known.whenComplete((aof, failure) -> {
            if (failure != null) {
                aofByNode.remove(nodeKey, known);
            }
        });
        return known;
    }

    private static CompletableFuture<Long> waitAof(RedisClusterAsyncCommands<String, String> node, int replicas,
            long timeoutMillis) {
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add(0).add(replicas).add(timeoutMillis);
        return node.dispatch(Command.WAITAOF, new ArrayOutput<>(StringCodec.UTF8), args).toCompletableFuture()
                .thenApply(reply -> (Long) ((List<?>) reply).get(1)); // {local fsyncs, replica fsyncs}
    }
}
