package io.hasp;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * One participant in the leader election named {@link #name()}, made by {@link Hasp#leaderElection(String)}. Each
 * call to that method makes a new participant; every participant of one name, in any client, competes for one
 * leadership, and at most one of them holds it at a time.
 *
 * <p>Leadership is a watchdog {@link Lease} on the election's lock: held while the participant's client renews it,
 * lost when a renewal finds it gone or its validity runs out. Its {@link Leadership#epoch() epoch} is that lease's
 * fencing token, so epochs strictly increase from one leader to the next. {@link Leadership#isValid()} turns false
 * locally no later than the lease's validity ends, which is the lease time minus the drift allowance after the
 * acquire (or the last renewal) was <em>sent</em>; Redis lets the key expire only after the full lease time from when
 * it ran the command. So while the local monotonic clock runs no slower than the Redis server's by more than the
 * drift factor, a leader stops believing it leads before anyone else can be elected. A pause after the check is
 * beyond any lease: pass the epoch to what the leader writes, and have it refuse an older epoch.
 *
 * <p>A participant campaigns from {@link #campaign(LeadershipListener)} until {@link #resign()} or {@link #close()};
 * after a <em>loss</em> it campaigns again by itself. A participant whose client's executor refuses to run its
 * listener's {@code elected} call steps down (releases the leadership, so that another participant can lead) and
 * campaigns again; a refused {@code revoked} call is offered again until the executor takes it. Thread-safe.
 */
public interface LeaderElection extends AutoCloseable {

    /** {@return the election's name, as given to {@link Hasp#leaderElection(String)}} */
    String name();

    /**
     * Starts campaigning, if not already: the participant waits (woken by the leader's release, with timed re-checks
     * as a safety net) until it is elected, then holds leadership until it resigns, closes or loses it; after a loss
     * it campaigns again. The listener hears every election and every loss of this participant, on the client's
     * executor, never on an I/O thread.
     *
     * @param listener hears this participant's elections and losses
     * @return completes with the leadership when this participant is next elected; fails with a
     *     {@link HaspException} if it stops campaigning first, and with a {@link KeyConflictException} (campaign
     *     stopped, data left alone) if the election's key holds data Hasp did not write
     * @throws HaspArgumentException if {@code listener} is null, or the participant already campaigns with another
     *     listener
     * @throws HaspException if the participant was closed
     */
    CompletionStage<Leadership> campaign(LeadershipListener listener);

    /**
     * {@link #campaign(LeadershipListener)} with a listener that does nothing: watch the returned stage instead.
     *
     * @return completes with the leadership when this participant is next elected, as
     *     {@link #campaign(LeadershipListener)}'s does
     * @throws HaspArgumentException if the participant already campaigns with another listener
     * @throws HaspException if the participant was closed
     */
    CompletionStage<Leadership> campaign();

    /** {@return the leadership this participant holds and still knows valid, if any} */
    Optional<Leadership> leadership();

    /** {@return whether this participant holds a leadership it still knows valid (checked on the local clock, now)} */
    boolean isLeader();

    /**
     * Stops campaigning and, if leading, releases the leadership at once, so the next candidate (woken by the
     * release) takes over without waiting for the lease to expire. The listener is not told (its participant did
     * it). Call {@link #campaign(LeadershipListener)} again to rejoin.
     *
     * <p>Returns once Redis answered the release (at most the client's command timeout); a release Redis did not
     * answer in time is logged, and the leadership then ends with its lease. So it blocks: on a thread that must not
     * (a callback that may run on a Redis I/O thread, as every callback does with an executor that runs tasks in the
     * calling thread), use {@link #resignAsync()}.
     */
    void resign();

    /**
     * {@link #resign()} without waiting for Redis: stops campaigning and, if leading, sends the release before it
     * returns, and never blocks, so it may be called from any thread, a listener's or a future's callback included.
     * The participant is no longer leader when it returns ({@link #isLeader()} is false, the term's
     * {@link Leadership#checkValid()} throws).
     *
     * @return completes, on the client's executor, once Redis answered the release (at once if not leading); fails
     *     with a {@link RedisUnavailableException} if Redis did not answer in time, and the leadership then ends with
     *     its lease
     */
    CompletionStage<Void> resignAsync();

    /** {@link #resign()} for good: later campaigns are refused. Blocks as {@link #resign()} does. */
    @Override
    void close();
}
