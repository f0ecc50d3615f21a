package io.hasp.internal;

/**
 * What the connected Redis can do, read once per connection from {@code INFO server}. Redis 8.4 added
 * {@code DELEX key IFEQ value} and {@code SET ... IFEQ}, which replace the compare-and-delete and compare-and-expire
 * scripts.
 */
public record ServerFeatures(String version, boolean nativeCompareAndSet) {
    /** Set to {@code true} to use the scripts even on Redis 8.4+ (a diagnostic switch, and how tests cover both). */
    public static final String FORCE_SCRIPTS_PROPERTY = "hasp.forceScripts";

    public static ServerFeatures fromInfo(String info) {
        String version = "unknown";
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("redis_version:")) {
                version = line.substring("redis_version:".length()).trim();
            }
        }
        boolean forced = Boolean.getBoolean(FORCE_SCRIPTS_PROPERTY);
        return new ServerFeatures(version, !forced && atLeast(version, 8, 4));
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
