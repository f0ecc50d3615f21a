package io.hasp.testkit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and compares Redis versions such as {@code 7.0.15} or {@code 8.4.0}. Stateless and thread-safe. */
final class Versions {
    private static final Pattern VERSION_OUTPUT = Pattern.compile("\\bv=(\\d+(?:\\.\\d+)*)");

    private Versions() {}

    /** The version from {@code redis-server --version} output ({@code "Redis server v=7.0.15 sha=..."}). */
    static String fromVersionOutput(String output) {
        Matcher matcher = VERSION_OUTPUT.matcher(output);
        if (!matcher.find()) {
            throw new TestkitException("Not redis-server --version output: " + output.strip());
        }
        return matcher.group(1);
    }

    /** Numeric comparison part by part; a missing part counts as 0, so {@code 8.4 == 8.4.0}. */
    static int compare(String left, String right) {
        String[] a = left.split("\\.");
        String[] b = right.split("\\.");
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int x = i < a.length ? part(a[i], left) : 0;
            int y = i < b.length ? part(b[i], right) : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return 0;
    }

    static boolean atLeast(String version, String minimum) {
        return compare(version, minimum) >= 0;
    }

    private static int part(String part, String version) {
        try {
            return Integer.parseInt(part);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a Redis version: '" + version + "'", e);
        }
    }
}
