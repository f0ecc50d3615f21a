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
 * a valid lock name, and that name's lock key is the key found. The keys that show a semaphore (its holder set or
 * permit count), a read-write lock (its writer or readers) or an election (its leader) are sorted the same way into
 * their own lists; other side keys (fence counters, queues) are passed over.
 *
 * <p>One scan is one chain of SCAN pages, each started when the previous one arrived, so its collections are touched
 * by one page callback at a time. Not shared between scans.
 */
final class LockKeyScan {
    private static final long SCAN_COUNT = 500;
    /**
     * What follows the name's closing brace in the keys that show a lock (nothing), a semaphore (its holder set, or
     * its permit count, which outlives the holders), a read-write lock (its writer or readers) or an election.
     */
    private static final List<String> LISTED_SUFFIXES = List.of("", ":semaphore", ":semaphore:permits", ":rw",
            ":rw:readers", ":leader");

    private final String namespace;
    private final String prefix;
    private final int limit;
    private final RedisClusterAsyncCommands<String, String> commands;
    private final TreeSet<String> names = new TreeSet<>(); // SCAN may return a key twice
    private final TreeSet<String> unmapped = new TreeSet<>();
    private final TreeSet<String> semaphores = new TreeSet<>();
    private final TreeSet<String> readWriteLocks = new TreeSet<>();
    private final TreeSet<String> elections = new TreeSet<>();

    private LockKeyScan(String namespace, int limit, RedisClusterAsyncCommands<String, String> commands) {
        this.namespace = namespace;
        this.prefix = namespace + "{";
        this.limit = limit;
        this.commands = commands;
    }

    /**
     * Up to {@code limit} lock names, unmapped keys and names of each other primitive of {@code namespace}, each
     * sorted. On a
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
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                .thenApply(v -> merge(namespace, limit, parts.stream().map(CompletableFuture::join).toList()));
    }

    /** What the scans of several nodes found, together: each list sorted, without repeats, cut to {@code limit}. */
    static LockListing merge(String namespace, int limit, List<LockListing> parts) {
        LockKeyScan merged = new LockKeyScan(namespace, limit, null);
        parts.forEach(merged::add);
        return merged.listing();
    }

    private static CompletableFuture<LockListing> onOneNode(String namespace, int limit,
            RedisClusterAsyncCommands<String, String> commands) {
        LockKeyScan scan = new LockKeyScan(namespace, limit, commands);
        return scan.from(ScanCursor.INITIAL).thenApply(v -> scan.listing());
    }

    /** Adds what another node's scan found. */
    private void add(LockListing part) {
        names.addAll(part.names());
        unmapped.addAll(part.unmappedKeys());
        semaphores.addAll(part.semaphores());
        readWriteLocks.addAll(part.readWriteLocks());
        elections.addAll(part.elections());
    }

    private LockListing listing() {
        return new LockListing(first(names), first(unmapped), first(semaphores), first(readWriteLocks),
                first(elections));
    }

    private List<String> first(TreeSet<String> found) {
        return found.stream().limit(limit).toList();
    }

    /** Whether every list is full, so the scan may stop early. */
    private boolean full() {
        return names.size() >= limit && semaphores.size() >= limit && readWriteLocks.size() >= limit
                && elections.size() >= limit;
    }

    private CompletableFuture<Void> from(ScanCursor cursor) {
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add(cursor.getCursor());
        ScanArgs.Builder.matches(globEscape(prefix) + "*").limit(SCAN_COUNT).build(args);
        StrictKeys output = new StrictKeys();
        return commands.dispatch(CommandType.SCAN, output, args).toCompletableFuture().thenCompose(page -> {
            page.getKeys().forEach(this::sort);
            output.notUtf8.stream().filter(key -> listedSuffix(key) != null).forEach(unmapped::add);
            if (page.isFinished() || full()) {
                return CompletableFuture.completedFuture(null);
            }
            return from(page);
        });
    }

    private void sort(String key) {
        String suffix = listedSuffix(key);
        if (suffix == null) {
            return; // a side key (fence counter, queue): its lock or primitive is listed by its own key
        }
        String name = key.substring(prefix.length(), key.length() - suffix.length() - 1);
        if (!maps(name, suffix, key)) {
            unmapped.add(key);
        } else if (suffix.isEmpty()) {
            names.add(name);
        } else if (suffix.startsWith(":semaphore")) {
            semaphores.add(name);
        } else if (suffix.startsWith(":rw")) {
            readWriteLocks.add(name);
        } else {
            elections.add(name);
        }
    }

    /** What follows the closing brace of a key that shows a lock or primitive; {@code null} for any other key. */
    private static String listedSuffix(String key) {
        for (String suffix : LISTED_SUFFIXES) {
            if (key.endsWith("}" + suffix)) {
                return suffix;
            }
        }
        return null;
    }

    /** Whether {@code name} is a valid name whose lock key followed by {@code suffix} is {@code key}. */
    private boolean maps(String name, String suffix, String key) {
        try {
            return (LockKeys.of(namespace, Arguments.checkName(name)).lockKey() + suffix).equals(key);
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
