package io.hasp;

import java.time.Duration;

/**
 * Sees what a client's locks do, for metrics, logs and tracing; register it with
 * {@link HaspBuilder#listener(LockListener)}. Every method has an empty default, so implement only what you need.
 *
 * <p>Each event is reported once. Callbacks run on the client's executor ({@link HaspBuilder#executor}), never on a
 * Redis I/O thread and never on the thread that acquires or releases, so a slow listener delays no lock command; it
 * does delay other work on that executor (async futures, {@link Lease#lost()} callbacks), so keep listeners quick or
 * give the client an executor of its own. Events of one lease may arrive in another order than they happened (a
 * short section's release before its acquire). An exception thrown by a listener is logged and ignored: it never
 * changes what a lock does.
 *
 * <p>Every granted acquire is followed by one {@link #released} with outcome {@code RELEASED} or {@code EXPIRED}
 * (also for {@link Lease#releaseAfter}, and for a lease granted just as its wait was cancelled, which is released at
 * once), after a {@code FAILED} one for each release that could not reach Redis, unless the lease is never released;
 * a lease may also be reported {@link #lost} before its release. A release that failed because Redis did not answer
 * within the command timeout is followed by a clean-up by the lease's token, sent behind it, which frees the lock
 * once Redis wakes even if the release itself never ran; if a read sent behind that clean-up then finds the lock
 * free, the lease's {@code RELEASED} (or {@code EXPIRED}, if that answer came after the lease's validity) is reported
 * after its {@code FAILED}, and the lease counts as released. Implementations must be thread-safe.
 */
public interface LockListener {

    /** How an acquire ended. */
    enum AcquireOutcome {
        /** The lock was granted. */
        GRANTED,
        /** The lock stayed held for the whole wait (for a single attempt: it was held). */
        TIMED_OUT,
        /** The caller cancelled the wait or was interrupted. */
        CANCELLED,
        /** An error ended it: Redis unavailable, foreign data at the key, the client closed. */
        FAILED
    }

    /** How a release ended. */
    enum ReleaseOutcome {
        /** The lock was still ours and is now released (or, after {@link Lease#releaseAfter}, ends after its delay). */
        RELEASED,
        /** The lock was no longer ours: its lease had expired. */
        EXPIRED,
        /**
         * Redis did not answer in time; the lock ends with its lease time unless a retry releases it, or (after a
         * command timeout) the clean-up by token sent behind the release does: then {@code RELEASED} follows.
         */
        FAILED
    }

    /**
     * An acquire of {@code lockName} started; {@link #acquired} follows for it once it ends. Together they count the
     * acquires under way (the waiters).
     *
     * @param lockName the name of the lock, semaphore or read-write lock being acquired
     */
    default void acquiring(String lockName) {
    }

    /**
     * An acquire of {@code lockName} ended after {@code waited}, from the call to its outcome.
     *
     * @param lockName the name of the lock acquired
     * @param waited how long the acquire took, from the call to its outcome
     * @param outcome how it ended
     */
    default void acquired(String lockName, Duration waited, AcquireOutcome outcome) {
    }

    /**
     * A lease on {@code lockName} was released after being held for {@code held} (from its acquire's send).
     *
     * @param lockName the name of the lock released
     * @param held how long the lease was held, from its acquire's send to the release
     * @param outcome how the release ended
     */
    default void released(String lockName, Duration held, ReleaseOutcome outcome) {
    }

    /**
     * A watchdog renewal of a lease on {@code lockName} failed to reach Redis and will be retried.
     *
     * @param lockName the name of the lock whose lease was being renewed
     * @param cause why the renewal failed, usually a {@link RedisUnavailableException}
     */
    default void renewalFailed(String lockName, RuntimeException cause) {
    }

    /**
     * A lease on {@code lockName} was lost, for the reason given (see {@link Lease#lost()}).
     *
     * @param lockName the name of the lock whose lease was lost
     * @param reason the loss, whose message says how it happened
     */
    default void lost(String lockName, LockLostException reason) {
    }

    /**
     * The lock {@code lockName} passed straight from its holder to a waiting acquire, which made no attempt of its own
     * for it: a release handed it to a waiter of this client, or a fair lock's queue granted it to this client's
     * waiter at the head of its line. Reported once per hand-off, by the client that saw it happen (the releaser for a
     * plain lock, the receiving waiter for a fair one); its acquire and release are reported as usual.
     *
     * @param lockName the name of the lock handed off
     */
    default void handedOff(String lockName) {
    }

    /**
     * The circuit breaker of Redlock node {@code node} ({@code host:port}) opened: after repeated failures (or a
     * failed connect at start) commands are no longer sent to it and it counts as a "no" until a probe finds it
     * answering. Reported once per opening.
     *
     * @param node the node, as {@code host:port}
     */
    default void nodeBreakerOpened(String node) {
    }

    /**
     * The circuit breaker of Redlock node {@code node} closed: it answered again and takes part in quorums.
     *
     * @param node the node, as {@code host:port}
     */
    default void nodeBreakerClosed(String node) {
    }
}
