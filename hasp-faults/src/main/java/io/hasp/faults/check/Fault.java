package io.hasp.faults.check;

/**
 * One injected fault, from the nemesis history. Immutable.
 *
 * @param id the fault's number in its run
 * @param kind e.g. {@code pause-holder}
 * @param target what it hit: a worker process ({@code w2.1}), a Redis node ({@code node0}) or a set of them
 * @param start when it was injected
 * @param end when it was healed, or {@link Long#MAX_VALUE} if the history has no heal
 * @param dataLoss whether it threw away acknowledged Redis writes (a restart without persistence)
 */
public record Fault(int id, String kind, String target, long start, long end, boolean dataLoss) {

    /** The detail word that marks a fault losing acknowledged writes. */
    public static final String DATA_LOSS = "data-loss";
    /** The kind of a SIGKILL of a worker process: the process ends at the fault's start. */
    public static final String KILL_WORKER = "kill-worker";
    /** The kind of a SIGSTOP of a worker process holding a lock: the process is frozen until the fault's end. */
    public static final String PAUSE_HOLDER = "pause-holder";
    /**
     * The kind of a crash-restart of the lock server while a worker holding the lock is frozen (for less than its
     * lease): the target is the frozen worker process.
     */
    public static final String RESTART_UNDER_HOLDER = "restart-redis-holder";

    /** Whether the fault freezes its target process (SIGSTOP) while it lasts. */
    public boolean freezesTarget() {
        return kind.equals(PAUSE_HOLDER) || kind.equals(RESTART_UNDER_HOLDER);
    }
}
