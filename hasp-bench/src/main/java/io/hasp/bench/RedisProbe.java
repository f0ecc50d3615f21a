package io.hasp.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's own connections to Redis, for what the servers can tell about a phase: command counts and server
 * CPU, next to this JVM's CPU time, and the {@link WakeUps} of this JVM and of the servers when they run on this host.
 * Its own commands ({@code INFO}) are left out of every delta. Over several servers (the primaries of a cluster) a
 * snapshot adds up what each of them counted. Used by the controlling thread only.
 */
final class RedisProbe implements AutoCloseable {
    private final List<RedisClient> clients = new ArrayList<>();
    private final List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
    private final List<RedisCommands<String, String>> nodes = new ArrayList<>();
    /** The servers' process ids, if every one of them runs on this host; empty if any does not. */
    private final List<Long> localPids = new ArrayList<>();

    RedisProbe(RedisTarget redis) {
        this(List.of(redis));
    }

    /** A probe whose snapshots add up the counters of every one of {@code servers}. */
    RedisProbe(List<RedisTarget> servers) {
        try {
            for (RedisTarget server : servers) {
                RedisClient client = RedisClient.create(RedisURI.create(server.uri()));
                clients.add(client);
                StatefulRedisConnection<String, String> connection = client.connect();
                connections.add(connection);
                nodes.add(connection.sync());
            }
            for (int i = 0; i < servers.size(); i++) {
                long pid = localPid(servers.get(i), nodes.get(i));
                if (pid < 0) {
                    localPids.clear();
                    break;
                }
                localPids.add(pid);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The {@code redis_version} of the first server. */
    String version() {
        return infoField(nodes.get(0).info("server"), "redis_version");
    }

    /** What the servers and this JVM have counted so far: one round trip per server, one after the other. */
    Snapshot snapshot() {
        CommandStats commands = new CommandStats(Map.of());
        long serverCpuNanos = 0;
        for (RedisCommands<String, String> node : nodes) {
            String info = node.info("all");
            commands = commands.plus(CommandStats.parse(info));
            serverCpuNanos += (long) ((Double.parseDouble(infoField(info, "used_cpu_user"))
                    + Double.parseDouble(infoField(info, "used_cpu_sys"))) * 1e9);
        }
        return new Snapshot(System.nanoTime(), commands, serverCpuNanos, processCpuNanos(), WakeUps.ofThisProcess(),
                serverWakeUps());
    }

    private long serverWakeUps() {
        if (localPids.isEmpty()) {
            return WakeUps.UNKNOWN;
        }
        long total = 0;
        for (long pid : localPids) {
            long count = WakeUps.ofProcess(pid);
            if (count == WakeUps.UNKNOWN) {
                return WakeUps.UNKNOWN;
            }
            total += count;
        }
        return total;
    }

    /**
     * The process id {@code INFO} reports, if the server is on this host: its address is a loopback one and that
     * process is a Redis server here (a remote server's id may belong to some other local process). Else -1.
     */
    private static long localPid(RedisTarget server, RedisCommands<String, String> node) {
        try {
            if (!InetAddress.getByName(server.host()).isLoopbackAddress()) {
                return -1;
            }
            long pid = Long.parseLong(infoField(node.info("server"), "process_id"));
            Path comm = Path.of("/proc", Long.toString(pid), "comm");
            return Files.isReadable(comm) && Files.readString(comm).startsWith("redis") ? pid : -1;
        } catch (IOException | RuntimeException e) {
            return -1; // no wake-up counts for the servers, everything else as before
        }
    }

    /** Sends a command that shows up in the first server's MONITOR output, to mark where a census starts or ends. */
    void mark(String text) {
        nodes.get(0).echo(text);
    }

    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        }
        return -1;
    }

    static String infoField(String info, String field) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        throw new IllegalStateException("INFO has no field " + field);
    }

    @Override
    public void close() {
        connections.forEach(StatefulRedisConnection::close);
        clients.forEach(RedisClient::shutdown);
    }

    /**
     * Counters at one instant; subtract two to get a phase's cost. The wake-up counts are {@link WakeUps#UNKNOWN}
     * where they cannot be read.
     */
    record Snapshot(long nanoTime, CommandStats commands, long serverCpuNanos, long processCpuNanos,
            long clientWakeUps, long serverWakeUps) {
    }
}
