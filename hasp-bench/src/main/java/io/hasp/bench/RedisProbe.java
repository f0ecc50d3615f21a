package io.hasp.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.lang.management.ManagementFactory;

/**
 * The benchmark's own connection to Redis, for what the server can tell about a phase: command counts and server
 * CPU, next to this JVM's CPU time. Its own commands ({@code INFO}) are left out of every delta. Used by the
 * controlling thread only.
 */
final class RedisProbe implements AutoCloseable {
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> commands;

    RedisProbe(RedisTarget redis) {
        this.client = RedisClient.create(RedisURI.create(redis.uri()));
        this.connection = client.connect();
        this.commands = connection.sync();
    }

    /** The server's {@code redis_version}. */
    String version() {
        return infoField(commands.info("server"), "redis_version");
    }

    /** What the server and this JVM have counted so far: one round trip, so the instant is well defined. */
    Snapshot snapshot() {
        String info = commands.info("all");
        long now = System.nanoTime();
        double serverCpuSeconds = Double.parseDouble(infoField(info, "used_cpu_user"))
                + Double.parseDouble(infoField(info, "used_cpu_sys"));
        return new Snapshot(now, CommandStats.parse(info), (long) (serverCpuSeconds * 1e9), processCpuNanos());
    }

    /** Sends a command that shows up in MONITOR output, to mark where a census starts or ends. */
    void mark(String text) {
        commands.echo(text);
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
        connection.close();
        client.shutdown();
    }

    /** Counters at one instant; subtract two to get a phase's cost. */
    record Snapshot(long nanoTime, CommandStats commands, long serverCpuNanos, long processCpuNanos) {
    }
}
