package io.hasp.internal;

/**
 * What one Redlock node made of one command: its answer, or why there is none (a failure, a timeout, or a skip by an
 * open circuit breaker). {@code sent} tells whether the command may have reached the node, which decides whether a
 * failed acquire must be cleaned up there. {@code votes} is whether the node's answer counts toward a majority (it
 * does not while the node is unverified or quarantined after a restart). Immutable.
 */
record NodeOutcome<T>(RedlockNode node, T value, Throwable failure, boolean sent, boolean votes) {

    static <T> NodeOutcome<T> answered(RedlockNode node, T value, boolean votes) {
        return new NodeOutcome<>(node, value, null, true, votes);
    }

    static <T> NodeOutcome<T> failed(RedlockNode node, Throwable failure, boolean sent) {
        return new NodeOutcome<>(node, null, failure, sent, false);
    }

    boolean ok() {
        return failure == null;
    }

    /** Whether the node did not answer at all (down, timed out, or skipped), as opposed to answering with an error. */
    boolean unavailable() {
        return failure != null && (failure instanceof RedlockNode.NodeSkippedException
                || RedisErrors.isUnavailable(failure));
    }

    /** {@code host:port (why)}, for messages naming the nodes that failed. */
    String describeFailure() {
        Throwable cause = RedisErrors.unwrap(failure);
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return node.label() + " (" + why + ")";
    }
}
