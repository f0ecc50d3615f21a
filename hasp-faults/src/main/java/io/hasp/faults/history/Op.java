package io.hasp.faults.history;

/** What an event in a history is about. Immutable. */
public enum Op {
    /** A worker process started (type ok) and is connected. */
    START,
    /** A lock acquire: invoke, then ok (fence), fail (timed out) or info (error; may have been granted). */
    ACQUIRE,
    /** A fenced read of the shared counter: ok (value), fail (rejected: an older token) or info. */
    READ,
    /** A fenced write of the shared counter: ok (applied), fail (rejected by the fence) or info. */
    WRITE,
    /** A lease release: ok (it was ours), fail (it was no longer ours) or info (error). */
    RELEASE,
    /** The lease's {@code lost()} signal completed (type info). */
    LOST,
    /** A worker process is about to exit normally (type ok). */
    EXIT,
    /** A nemesis fault: invoke when injected, ok when healed. The detail holds the kind and the target. */
    FAULT,
    /** The resource's final state, read by the runner after every worker stopped (type ok). */
    FINAL,
    /**
     * A stall of the whole host seen by the runner (its ticks came late): invoke at the last on-time tick, ok when it
     * ran again. Nothing injects it; the checker extends liveness deadlines by it.
     */
    STALL;

    /** The name used in history files. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Op parse(String label) {
        return valueOf(label.toUpperCase(java.util.Locale.ROOT));
    }
}
