package io.hasp;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * One term of leadership won by a {@link LeaderElection} participant. Thread-safe.
 */
public interface Leadership {

    /** {@return the election's name} */
    String electionName();

    /**
     * The term's number: the fencing token of the lease that holds it, strictly increasing from one term to the next
     * (across participants, clients and a restart of a Redis without persistence, as {@link Lease#fencingToken()}).
     * Pass it with every write the leader makes, and have the target refuse an epoch older than one it has seen.
     *
     * @return the term's epoch
     */
    long epoch();

    /**
     * {@return whether the term is still known valid on the local monotonic clock: not ended, and its lease valid now}
     */
    boolean isValid();

    /** {@return how much longer the term is known valid; {@link Duration#ZERO} once it ended} */
    Duration remaining();

    /**
     * Throws unless the term is still known valid; call it before acting as leader.
     *
     * @throws LockLostException if the leadership was lost
     * @throws LockNotHeldException if the participant resigned
     */
    void checkValid();

    /**
     * Completes, with the reason, when the term is lost (never for a resignation): its lease was found gone, or its
     * validity ran out before a renewal was confirmed, or the client was closed. Callbacks run on the client's
     * executor.
     *
     * @return a stage that completes with the loss, or never
     */
    CompletionStage<LockLostException> revoked();
}
