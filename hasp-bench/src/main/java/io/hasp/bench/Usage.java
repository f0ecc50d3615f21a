package io.hasp.bench;

import java.util.Map;

/**
 * What a measured stretch of time cost, from two {@link RedisProbe.Snapshot}s around it; the stretches of one
 * implementation (the slices of an interleaved run) add up. Immutable.
 *
 * @param seconds how long it lasted
 * @param commands Redis command calls in it
 * @param serverCpuNanos Redis CPU time in it
 * @param clientCpuNanos this JVM's CPU time in it
 * @param clientWakeUps this JVM's {@link WakeUps} in it, or {@link WakeUps#UNKNOWN}
 * @param serverWakeUps the Redis servers' {@link WakeUps} in it, or {@link WakeUps#UNKNOWN}
 */
record Usage(double seconds, CommandStats commands, long serverCpuNanos, long clientCpuNanos, long clientWakeUps,
        long serverWakeUps) {

    /** Nothing yet: the start of a sum. */
    static final Usage NONE = new Usage(0, new CommandStats(Map.of()), 0, 0, 0, 0);

    static Usage between(RedisProbe.Snapshot before, RedisProbe.Snapshot after) {
        return new Usage((after.nanoTime() - before.nanoTime()) / 1e9, after.commands().minus(before.commands()),
                after.serverCpuNanos() - before.serverCpuNanos(), after.processCpuNanos() - before.processCpuNanos(),
                WakeUps.between(before.clientWakeUps(), after.clientWakeUps()),
                WakeUps.between(before.serverWakeUps(), after.serverWakeUps()));
    }

    Usage plus(Usage other) {
        return new Usage(seconds + other.seconds, commands.plus(other.commands), serverCpuNanos + other.serverCpuNanos,
                clientCpuNanos + other.clientCpuNanos, WakeUps.sum(clientWakeUps, other.clientWakeUps),
                WakeUps.sum(serverWakeUps, other.serverWakeUps));
    }
}
