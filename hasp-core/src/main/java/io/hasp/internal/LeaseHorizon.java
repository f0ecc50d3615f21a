package io.hasp.internal;

import java.util.concurrent.TimeUnit;

/**
 * The leases this client has sent to one Redlock node that may still be alive there: how long the longest of them
 * is. A node that restarted is quarantined for that long (see {@link NodeIdentity}).
 *
 * <p>Why this bound. A key the old server process held was set before the restart was noticed; if its lease was at
 * most L, it is gone L after that moment, and so is the validity of the lease that holds it. The leases this client
 * sent are the ones it knows; for other clients, {@code restartQuarantine} (by default this client's default lease
 * time) is the floor. Leases that have certainly expired no longer count, so a client that once used a long lease is
 * not held back by it forever.
 *
 * <p>Cheap by design: two fields instead of a list. While any recorded lease may still be alive, the longest lease
 * seen since then is kept; once the last of them has expired, the record starts over. This can only overstate the
 * longest live lease (a long lease followed without a gap by short ones keeps counting until the gap), never
 * understate it, so the quarantine it sets is never shorter than needed for this client's leases.
 *
 * <p>Thread-safe: both fields change together under this object's monitor, held for a few instructions.
 */
final class LeaseHorizon {
    private long longestNanos;
    /** When, on the client's ticker, the last recorded lease ends at the latest. */
    private long liveUntil;
    private boolean any;

    /** A lease of {@code leaseMillis} was sent to the node at {@code sentAt} (an acquire or an extend). */
    synchronized void sent(long leaseMillis, long sentAt) {
        long leaseNanos = TimeUnit.MILLISECONDS.toNanos(leaseMillis);
        long until = sentAt + leaseNanos;
        if (!any || sentAt - liveUntil >= 0) {
            any = true;
            longestNanos = leaseNanos;
            liveUntil = until;
            return;
        }
        longestNanos = Math.max(longestNanos, leaseNanos);
        if (until - liveUntil > 0) {
            liveUntil = until;
        }
    }

    /** The longest lease this client may still hold on the node at {@code now}, ns; 0 if none may. */
    synchronized long longestLiveNanos(long now) {
        return any && now - liveUntil < 0 ? longestNanos : 0;
    }
}
