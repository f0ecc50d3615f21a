package io.hasp.internal;

import java.util.concurrent.TimeUnit;

/**
 * What one {@link WaitLine} knows about its client's entry in the lock's waiter registry, so that most attempts can
 * leave the registry alone.
 *
 * <p>The first attempt registers the entry, and later attempts only refresh it once a quarter of the heartbeat window
 * has passed since it was last written (the head re-checks at least every half window, so a live entry never runs
 * out). The entry counts as in place only from an answer that proves it: an attempt that registered while the lock's
 * channel was subscribed and was refused. A win that removed it, a release that named this client (it removed the
 * entry), a failed or unanswered attempt and a resubscription (the server may have restarted) make the next attempt
 * register again. An attempt prepared before the latest such release proves nothing, since that release may have run
 * after it; nor does one prepared before the channel was subscribed: a release may have named this client and removed
 * the entry before the subscription, and that message reached nobody, so only the check made once subscribed (the
 * final check before waiting) can put the entry back for sure.
 *
 * <p>Not thread-safe: guarded by the line's monitor. Times are on the client's ticker.
 */
final class WaiterRegistration {
    private boolean inPlace;
    /** When the entry's deadline passes at the earliest; meaningful while {@link #inPlace}. */
    private long until;
    /** When a release last told this client it removed the entry. */
    private long removedAt;

    WaiterRegistration(long now) {
        this.removedAt = now;
    }

    /** Whether the entry is known to be in place. */
    boolean inPlace() {
        return inPlace;
    }

    /** The window an attempt prepared at {@code now} registers with: 0 while the entry is in place and fresh. */
    long windowFor(long now, long heartbeatMillis) {
        long windowNanos = TimeUnit.MILLISECONDS.toNanos(heartbeatMillis);
        boolean fresh = inPlace && until - now > windowNanos - windowNanos / 4;
        return fresh ? 0 : heartbeatMillis;
    }

    /**
     * The answer to an attempt prepared at {@code attemptAt} that registered with {@code windowMillis} (0: none) and
     * asked to keep the entry if it won ({@code keep}), with the lock's channel subscribed or not ({@code subscribed});
     * {@code reply} is null if the attempt failed.
     */
    void answered(AcquireReply reply, long attemptAt, long windowMillis, boolean keep, boolean subscribed) {
        if (reply == null || reply.unavailable() != null || (reply.acquired() && !keep)) {
            inPlace = false; // removed, or unknown
        } else if (windowMillis > 0 && subscribed && attemptAt - removedAt > 0) {
            inPlace = true;
            until = attemptAt + TimeUnit.MILLISECONDS.toNanos(windowMillis);
        }
    }

    /** A release removed the entry and said so. */
    void removedByRelease(long now) {
        inPlace = false;
        removedAt = now;
    }

    /** The entry may be gone. */
    void forget() {
        inPlace = false;
    }
}
