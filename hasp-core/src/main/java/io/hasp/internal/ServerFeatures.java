package io.hasp.internal;

/**
 * What the connected Redis can do, read once per connection from {@code INFO server}. Redis 8.4 added
 * {@code DELEX key IFEQ value} and {@code SET ... IFEQ}, which replace the compare-and-delete and compare-and-expire
 * scripts; Redis 7.0 added sharded pub/sub ({@code SSUBSCRIBE}/{@code SPUBLISH}), which a cluster keeps inside the
 * shard that owns a channel's slot; Redis 7.2 added {@code WAITAOF}.
 *
 * @param shardedPubSub a Redis 7.0+ node in cluster mode: waiters use sharded pub/sub
 * @param waitAof Redis 7.2+: replica acknowledgements may wait for the replicas' AOF ({@link ReplicaWait})
 * @param cluster a node in cluster mode: the lock scripts are handed every key they touch, because Redis checks a
 *     slot that is being migrated only for the keys a command names (see acquire.lua)
 */
public record ServerFeatures(String version, boolean nativeCompareAndSet, boolean shardedPubSub, boolean waitAof,
        boolean cluster) {
    /** Set to {@code true} to use the scripts even on Redis 8.4+ (a diagnostic switch, and how tests cover both). */
    public static final String FORCE_SCRIPTS_PROPERTY = "hasp.forceScripts";
    /**
     * Set to {@code true} to wait with classic pub/sub even on a Redis 7+ cluster (a diagnostic switch, and how tests
     * cover the fallback for clusters older than 7.0).
     */
    public static final String FORCE_CLASSIC_PUBSUB_PROPERTY = "hasp.forceClassicPubSub";

    public static ServerFeatures fromInfo(String info) {
        String version = field(info, "redis_version", "unknown");
        boolean cluster = "cluster".equals(field(info, "redis_mode", "standalone"));
        return new ServerFeatures(version, !Boolean.getBoolean(FORCE_SCRIPTS_PROPERTY) && atLeast(version, 8, 4),
                cluster && !Boolean.getBoolean(FORCE_CLASSIC_PUBSUB_PROPERTY) && atLeast(version, 7, 0),
                atLeast(version, 7, 2), cluster);
    }

    /**
     * Which text of Hasp's scripts this server runs: a Redis 7.0+ replicates every script by its effects, so it needs
     * no {@code redis.replicate_commands()}; a cluster of those with sharded pub/sub also publishes by
     * {@code SPUBLISH}.
     */
    LuaScript.Variant scriptVariant() {
        if (shardedPubSub) {
            return LuaScript.Variant.SHARDED;
        }
        return atLeast(version, 7, 0) ? LuaScript.Variant.EFFECTS_REPLICATED : LuaScript.Variant.ANY_SERVER;
    }

    private static String field(String info, String name, String absent) {
        String prefix = name + ":";
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).trim();
            }
        }
        return absent;
    }

    static boolean atLeast(String version, int major, int minor) {
        String[] parts = version.split("\\.");
        try {
            int ma = Integer.parseInt(parts[0]);
            int mi = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return ma > major || (ma == major && mi >= minor);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
