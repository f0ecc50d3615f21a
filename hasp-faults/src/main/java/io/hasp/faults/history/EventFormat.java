package io.hasp.faults.history;

import java.util.Optional;

/**
 * The tab-separated line format of history files: one event per line, columns in {@link #HEADER} order, booleans as
 * 0/1. Stateless and thread-safe.
 */
public final class EventFormat {
    /** The first line of every history file. */
    public static final String HEADER = "#process\tthread\top\ttype\tfence\tread\twritten\tseq\tnanos\twall_ms"
            + "\tredis_us\tremaining_ns\tlost\twait_ms\tlease_ms\tdetail";
    private static final int COLUMNS = 16;

    private EventFormat() {
    }

    /** The event as one line, without the line break. */
    public static String format(Event e) {
        return e.process() + '\t' + e.thread() + '\t' + e.op().label() + '\t' + e.type().label() + '\t' + e.fence()
                + '\t' + e.read() + '\t' + e.written() + '\t' + e.seq() + '\t' + e.nanos() + '\t' + e.wallMillis()
                + '\t' + e.redisMicros() + '\t' + e.remainingNanos() + '\t' + (e.lost() ? 1 : 0) + '\t'
                + e.waitMillis() + '\t' + e.leaseMillis() + '\t' + e.detail().replaceAll("[\\t\\r\\n]", " ");
    }

    /**
     * Parses one line; empty for the header, blank lines and lines that are not whole events (the last line of a
     * worker killed while writing it).
     */
    public static Optional<Event> parse(String line) {
        if (line.isBlank() || line.startsWith("#")) {
            return Optional.empty();
        }
        String[] c = line.split("\t", -1);
        if (c.length != COLUMNS) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Event(c[0], Integer.parseInt(c[1]), Op.parse(c[2]), Type.parse(c[3]),
                    Long.parseLong(c[4]), Long.parseLong(c[5]), Long.parseLong(c[6]), Long.parseLong(c[7]),
                    Long.parseLong(c[8]), Long.parseLong(c[9]), Long.parseLong(c[10]), Long.parseLong(c[11]),
                    "1".equals(c[12]), Long.parseLong(c[13]), Long.parseLong(c[14]), c[15]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
