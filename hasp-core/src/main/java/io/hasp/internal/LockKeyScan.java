package io.hasp.internal;

import io.hasp.HaspArgumentException;
import io.hasp.LockListing;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.KeyScanOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Lists the lock keys of a namespace on one Redis with {@code SCAN}, and sorts each key found into a lock name that
 * maps back to it, or a key that no name maps to. A key maps back when its bytes are UTF-8 (the connection's codec
 * would silently turn other bytes into U+FFFD, a name that addresses a different key), the part inside the braces is
 * a valid lock name, and that name's lock key is the key found.
 *
 * <p>One scan is one chain of SCAN pages, each started when the previous one arrived, so its collections are touched
 * by one page callback at a time. Not shared between scans.
 */
final class LockKeyScan {
    private static final long SCAN_COUNT = 500;

    private final String namespace;
    private final String prefix;
    private final int limit;
    private final RedisClusterAsyncCommands<String, String> commands;
    private final TreeSet<String> names = new TreeSet<>(); // SCAN may return a key twice
    private final TreeSet<String> unmapped = new TreeSet<>();

    private LockKeyScan(String namespace, int limit, RedisClusterAsyncCommands<String, String> commands) {
        this.namespace = namespace;
        this.prefix = namespace + "{";
        this.limit = limit;
        this.commands = commands;
    }

    /**
     * Up to {@code limit} lock names and up to {@code limit} unmapped keys of {@code namespace}, each sorted. On a
     * Redis Cluster, SCAN sent through the cluster connection would reach one node only: every primary is scanned
     * on its own connection and the results merged.
     */
    static CompletableFuture<LockListing> run(String namespace, int limit,
            RedisClusterAsyncCommands<String, String> commands) {
        if (commands instanceof RedisAdvancedClusterAsyncCommands<String, String> cluster) {
            return onEveryPrimary(namespace, limit, cluster.getStatefulConnection());
        }
        return onOneNode(namespace, limit, commands);
    }

    private static CompletableFuture<LockListing> onEveryPrimary(String namespace, int limit,
            StatefulRedisClusterConnection<String, String> connection) {
        List<CompletableFuture<LockListing>> parts = new ArrayList<>();
        for (RedisClusterNode node : connection.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.getSlots().isEmpty()) {
                parts.add(connection.getConnectionAsync(node.getNodeId())
                        .thenCompose(nodeConnection -> onOneNode(namespace, limit, nodeConnection.async())));
            }
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
            TreeSet<String> names = new TreeSet<>();
            TreeSet<String> unmapped = new TreeSet<>();
            parts.forEach(part -> {
                names.addAll(part.join().names());
                unmapped.addAll(part.join().unmappedKeys());
            });
            return new LockListing(names.stream().limit(limit).toList(), unmapped.stream().limit(limit).toList());
        });
    }

    private static CompletableFuture<LockListing> onOneNode(String namespace, int limit,
            RedisClusterAsyncCommands<String, String> commands) {
        LockKeyScan scan = new LockKeyScan(namespace, limit, commands);
        return scan.from(ScanCursor.INITIAL).thenApply(v -> new LockListing(
                scan.names.stream().limit(limit).toList(), scan.unmapped.stream().limit(limit).toList()));
    }

    private CompletableFuture<Void> from(ScanCursor cursor) {
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add(cursor.getCursor());
        ScanArgs.Builder.matches(globEscape(prefix) + "*}").limit(SCAN_COUNT).build(args);
        StrictKeys output = new StrictKeys();
        return commands.dispatch(CommandType.SCAN, output, args).toCompletableFuture().thenCompose(page -> {
            page.getKeys().forEach(this::sort);
            unmapped.addAll(output.notUtf8);
            if (page.isFinished() || names.size() >= limit) {
                return CompletableFuture.completedFuture(null);
            }
            return from(page);
        });
    }

    private void sort(String key) {
        String name = key.substring(prefix.length(), key.length() - 1);
        if (maps(name, key)) {
            names.add(name);
        } else {
            unmapped.add(key);
        }
    }

    private boolean maps(String name, String key) {
        try {
            return LockKeys.of(namespace, Arguments.checkName(name)).lockKey().equals(key);
        } catch (HaspArgumentException e) {
            return false;
        }
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

    /** A SCAN reply whose keys are decoded strictly: keys that are not UTF-8 go apart, decoded for display only. */
    private static final class StrictKeys extends KeyScanOutput<String, String> {
        final List<String> notUtf8 = new ArrayList<>();

        StrictKeys() {
            super(StringCodec.UTF8);
        }

        @Override
        protected void setOutput(ByteBuffer bytes) {
            if (bytes == null) {
                return;
            }
            try {
                output.getKeys().add(StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(bytes.duplicate()).toString());
            } catch (CharacterCodingException e) {
                notUtf8.add(StandardCharsets.UTF_8.decode(bytes).toString());
            }
        }
    }
}
