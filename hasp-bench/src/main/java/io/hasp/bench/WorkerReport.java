package io.hasp.bench;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What a worker JVM reports at the end of a window, as one line of {@code key=value} fields on its standard output.
 * Immutable by convention.
 *
 * @param measured sections completed inside the window
 * @param sections sections run in total (warm-up and drain included), for the exclusion check
 * @param errors failed calls
 * @param fewest the fewest sections one of its threads completed in the window
 * @param cpuNanos the worker JVM's CPU time during the window
 * @param waits wait times of the sections in the window, nanoseconds
 * @param firstError the first failure, or empty
 */
record WorkerReport(long measured, long sections, long errors, long fewest, long cpuNanos, Histogram waits,
        String firstError) {
    static final String PREFIX = "RESULT ";

    String encode() {
        ByteBuffer buffer = ByteBuffer.allocate(waits.getNeededByteBufferCapacity());
        int length = waits.encodeIntoCompressedByteBuffer(buffer);
        String histogram = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
        return PREFIX + "measured=" + measured + " sections=" + sections + " errors=" + errors + " fewest=" + fewest
                + " cpu=" + cpuNanos + " waits=" + histogram + " error="
                + URLEncoder.encode(firstError, StandardCharsets.UTF_8);
    }

    static WorkerReport decode(String line) {
        if (!line.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a worker report: " + line);
        }
        Map<String, String> fields = new HashMap<>();
        for (String field : line.substring(PREFIX.length()).split(" ")) {
            int eq = field.indexOf('=');
            fields.put(field.substring(0, eq), field.substring(eq + 1));
        }
        try {
            Histogram waits = Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(fields.get("waits"))), 0);
            return new WorkerReport(Long.parseLong(fields.get("measured")), Long.parseLong(fields.get("sections")),
                    Long.parseLong(fields.get("errors")), Long.parseLong(fields.get("fewest")),
                    Long.parseLong(fields.get("cpu")), waits,
                    URLDecoder.decode(fields.get("error"), StandardCharsets.UTF_8));
        } catch (java.util.zip.DataFormatException e) {
            throw new IllegalArgumentException("worker report has a broken histogram: " + line, e);
        }
    }
}
