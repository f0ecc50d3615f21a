package io.hasp.faults.worker;

import java.util.Locale;

/**
 * Deliberate bugs a worker can run with, to prove the checker catches them. {@link #NONE} is the correct workload.
 * Immutable.
 */
public enum BrokenMode {
    /** The correct workload. */
    NONE,
    /**
     * Releases with a plain {@code DEL} of the lock key, without the token check (ShedLock's default Redis release):
     * a holder whose lease ran out deletes the next holder's lock, and a third client walks in.
     */
    RELEASE_DEL,
    /** Reads and writes the resource without the fence check: a stale holder's write overwrites newer data. */
    NO_FENCE;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static BrokenMode parse(String label) {
        for (BrokenMode mode : values()) {
            if (mode.label().equals(label)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("broken mode must be none, release-del or no-fence, got '" + label + "'");
    }
}
