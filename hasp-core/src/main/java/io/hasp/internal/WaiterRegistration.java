package io.hasp.internal;

import java.util.concurrent.TimeUnit;

/**
 * What one {@link WaitLine} knows about its client's entry in the lock's waiter registry, so that most attempts can
 * leave the registry alone.
 *
 * <p>The first attempt registers the entry, and later attempts only refresh it once a quarter of the heartbeat window
 * has passed since it was last written (the head re-checks at least every half window, so a live entry never runs
 * out). The entry counts as written only from an answer that proves it: an attempt that registered and was refused.
 * A win that removed it, a release that named this client (it removed the entry), a failed or unanswered attempt and
 * a resubscription (the server may have restarted) make the next attempt register again. An attempt prepared before
 * the latest such release or resubscription proves nothing, since that release, or the loss of the registry the
 * resubscription stands for, may have come after it ran: its answer can arrive after the resubscription, since the
 * pub/sub connection reconnects on its own. Taking it as proof would leave the entry unwritten while every attempt
 * believed it in place, and no release would wake this client until its timed re-check.
 *
 * <p>Only an entry written while the lock's channel was subscribed is known to be in place: a release may name this
 * client and remove its entry before the subscription is confirmed, and that message reaches nobody. So the first
 * attempt made once subscribed (the final check before waiting) registers again; attempts before it leave an entry
 * written since alone, as they do when the subscription failed and the waiter falls back to its timed re-checks.
 *
 * <p>Not thread-safe: guarded by the line's monitor. Times are on the client's ticker.
 */
final class WaiterRegistration {
    private boolean written;
    /** Whether the channel was subscribed when the entry was written; meaningful while {@link #written}. */
    private boolean heard;
    /** When the entry's deadline passes at the earliest; meaningful while {@link #written}. */
    private long until;
    /** When a release last told this client it removed the entry. */
    private long removedAt;

    WaiterRegistration(long now) {
        this.removedAt = now;
    }

    /** Whether the entry is known to be in place: written while subscribed, and not removed since. */
    boolean inPlace() {
        return written && heard;
    }

    /**
     * The window an attempt prepared at {@code now}, with the channel subscribed or not, registers with: 0 while the
     * entry is written and fresh, and, once subscribed, known to be in place.
     */
    long windowFor(long now, long heartbeatMillis, boolean subscribed) {
        long windowNanos = TimeUnit.MILLISECONDS.toNanos(heartbeatMillis);
        boolean fresh = written && (heard || !subscribed) && until - now > windowNanos - windowNanos / 4;
        return fresh ? 0 : heartbeatMillis;
    }

    /**
     * The answer to an attempt prepared at {@code attemptAt} that registered with {@code windowMillis} (0: none) and
     * asked to keep the entry if it won ({@code keep}), with the lock's channel subscribed or not ({@code subscribed});
     * {@code reply} is null if the attempt failed.
     */
    void answered(AcquireReply reply, long attemptAt, long windowMillis, boolean keep, boolean subscribed) {
        if (reply == null || reply.unavailable() != null || (reply.acquired() && !keep)) {
            written = false; // removed, or unknown
        } else if (windowMillis > 0 && attemptAt - removedAt > 0) {
            written = true;
            heard = subscribed;
            until = attemptAt + TimeUnit.MILLISECONDS.toNanos(windowMillis);
        }
    }

    /** A release removed the entry and said so. */
    void removedByRelease(long now) {
        written = false;
        removedAt = now;
    }

    /** The entry may be gone since {@code now} (the channel was subscribed again: the server may have restarted). */
    void forget(long now) {
        written = false;
        removedAt = now;
    }
}
