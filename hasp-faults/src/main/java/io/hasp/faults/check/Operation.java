package io.hasp.faults.check;

import io.hasp.faults.history.Event;
import io.hasp.faults.history.Op;
import io.hasp.faults.history.Type;

/**
 * One invoked operation and how it completed. An operation without a completion (its process died or the history
 * ended first) is indeterminate, exactly like an info completion: it may or may not have happened. Immutable.
 *
 * @param invoke the invoke event
 * @param completion the ok, fail or info event, or {@code null} if none was logged
 */
public record Operation(Event invoke, Event completion) {

    public Op op() {
        return invoke.op();
    }

    public String process() {
        return invoke.process();
    }

    /** OK, FAIL or INFO; INFO also when no completion was logged. */
    public Type outcome() {
        return completion == null ? Type.INFO : completion.type();
    }

    public boolean ok() {
        return outcome() == Type.OK;
    }

    public boolean failed() {
        return outcome() == Type.FAIL;
    }

    public boolean indeterminate() {
        return outcome() == Type.INFO;
    }

    public long invokedAt() {
        return invoke.nanos();
    }

    /** When it completed, or {@link Long#MAX_VALUE} if it never did. */
    public long completedAt() {
        return completion == null ? Long.MAX_VALUE : completion.nanos();
    }

    /**
     * The latest moment the lease claimed to be valid at this invoke ({@code nanos + remaining}), or
     * {@link Long#MIN_VALUE} if it claimed nothing (no remaining validity, or {@code lost()} had completed).
     */
    public long claimEnd() {
        if (invoke.remainingNanos() <= 0 || invoke.lost()) {
            return Long.MIN_VALUE;
        }
        return invoke.nanos() + invoke.remainingNanos();
    }
}
