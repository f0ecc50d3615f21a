package io.hasp.demo;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one sample from a Prometheus text exposition, for tests. */
final class MetricsText {
    private MetricsText() {
    }

    /**
     * The value of the sample {@code series} (name and labels exactly as exposed), or -1 when it is absent; a
     * fractional value fails, since every sample read here is a count.
     */
    static long value(String exposition, String series) {
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(exposition);
        if (!sample.find()) {
            return -1;
        }
        double value = Double.parseDouble(sample.group(1));
        if (value != Math.rint(value)) {
            throw new AssertionError(series + " is not a count: " + value);
        }
        return (long) value;
    }
}
