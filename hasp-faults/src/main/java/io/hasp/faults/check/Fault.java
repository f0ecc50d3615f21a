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
 * @param failover whether it replaced the lock's primary in a way that may drop its latest writes (asynchronous
 *     replication): a double grant it causes is counted apart, as the measured cost of failover
 */
public record Fault(int id, String kind, String target, long start, long end, boolean dataLoss, boolean failover) {

    /** The detail word that marks a fault losing acknowledged writes. */
    public static final String DATA_LOSS = "data-loss";
    /** The detail word that marks a failover that may lose the primary's latest, not yet replicated, writes. */
    public static final String FAILOVER = "failover-loss";
    /**
     * The kind of a primary kill while a worker holding the lock is frozen (for less than its lease): the target is
     * the frozen worker process.
     */
    public static final String KILL_PRIMARY = "kill-primary";
    /** {@link #KILL_PRIMARY} after the replicas were made to miss the primary's latest writes. */
    public static final String KILL_PRIMARY_LAGGING = "kill-primary-lagging";
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
        return kind.equals(PAUSE_HOLDER) || kind.equals(RESTART_UNDER_HOLDER) || kind.equals(KILL_PRIMARY)
                || kind.equals(KILL_PRIMARY_LAGGING);
    }
}
