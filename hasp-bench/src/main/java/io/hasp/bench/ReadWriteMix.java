package io.hasp.bench;

import java.util.concurrent.ThreadLocalRandom;

/** Which side of a read-write lock each cycle takes: always read, always write, or reads at {@link #READ_SHARE}. */
enum ReadWriteMix {
    READ("read"), WRITE("write"), MIXED("rw");

    /** The share of reads in P3. */
    static final double READ_SHARE = 0.9;

    private final String suffix;

    ReadWriteMix(String suffix) {
        this.suffix = suffix;
    }

    /** What the implementation's id ends with: {@code hasp-rw}, {@code redisson-read}. */
    String suffix() {
        return suffix;
    }

    /** Whether the next cycle reads; MIXED draws from the calling thread's random stream. */
    boolean readNext() {
        switch (this) {
            case READ:
                return true;
            case WRITE:
                return false;
            default:
                return ThreadLocalRandom.current().nextDouble() < READ_SHARE;
        }
    }

    /** What a cycle takes, for labels: {@code read lock}, {@code 90% reads}. */
    String describe() {
        switch (this) {
            case READ:
                return "read lock";
            case WRITE:
                return "write lock";
            default:
                return Math.round(READ_SHARE * 100) + "% reads";
        }
    }
}
