package io.hasp;

import io.hasp.testkit.RedisServer;
import java.util.List;

/** Reads what the waiting tests check on the server: subscriptions, pub/sub clients, command counts. */
final class RedisProbe {
    private final RedisServer redis;

    RedisProbe(RedisServer redis) {
        this.redis = redis;
    }

    /** How many clients are subscribed to {@code channel}. */
    long subscribers(String channel) {
        List<?> reply = (List<?>) redis.command("PUBSUB", "NUMSUB", channel);
        return (Long) reply.get(1);
    }

    /** How many channels have at least one subscriber. */
    int channels() {
        return ((List<?>) redis.command("PUBSUB", "CHANNELS")).size();
    }

    /** How many connections are in pub/sub mode. */
    long pubSubClients() {
        String list = String.valueOf(redis.command("CLIENT", "LIST", "TYPE", "pubsub"));
        return list.lines().filter(line -> !line.isBlank()).count();
    }

    boolean exists(String key) {
        return Long.valueOf(1).equals(redis.command("EXISTS", key));
    }

    long zcard(String key) {
        return (Long) redis.command("ZCARD", key);
    }

    /** Forgets the command statistics, so {@link #calls} counts from now. */
    void resetStats() {
        redis.command("CONFIG", "RESETSTAT");
    }

    /**
     * How many commands ran since the last reset, of any kind, including calls made from scripts, leaving out the
     * probe's own CONFIG and INFO.
     */
    long totalCalls() {
        String stats = String.valueOf(redis.command("INFO", "commandstats"));
        return stats.lines().filter(line -> line.startsWith("cmdstat_") && !line.startsWith("cmdstat_config")
                        && !line.startsWith("cmdstat_info"))
                .mapToLong(line -> Long.parseLong(line.substring(line.indexOf("calls=") + 6, line.indexOf(','))))
                .sum();
    }

    /** How many times {@code command} ran since the last reset, including calls made from scripts. */
    long calls(String command) {
        String stats = String.valueOf(redis.command("INFO", "commandstats"));
        String prefix = "cmdstat_" + command + ":calls=";
        return stats.lines().filter(line -> line.startsWith(prefix))
                .mapToLong(line -> Long.parseLong(line.substring(prefix.length(), line.indexOf(',')))).sum();
    }
}
