package io.hasp;

/**
 * Hears a {@link LeaderElection} participant's elections and losses, on the client's executor (never on an I/O
 * thread), one call at a time per participant. A callback that throws is logged and otherwise ignored.
 */
public interface LeadershipListener {

    /**
     * This participant was elected.
     *
     * @param leadership the new term; check {@link Leadership#isValid()} before acting on it
     */
    default void elected(Leadership leadership) {
    }

    /**
     * This participant lost {@code leadership} ({@code reason} says how); it campaigns again by itself. Not called
     * for a resignation or close.
     *
     * @param leadership the term that ended
     * @param reason how it was lost
     */
    default void revoked(Leadership leadership, LockLostException reason) {
    }
}
