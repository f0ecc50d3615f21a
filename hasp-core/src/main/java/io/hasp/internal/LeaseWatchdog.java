package io.hasp.internal;

import io.hasp.Ticker;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One per client: renews the client's watchdog leases and notices when any lease's validity runs out.
 *
 * <p>Design note. Live leases sit in a concurrent set. A single round, run on the client's timer thread, walks the
 * set: it drops released leases, declares lost those whose validity has ended, and sends a renewal for each lease
 * whose renewal is due. Renewals of one round go out back to back on the shared connection, so they travel as one
 * pipelined batch; each completes on its own. The round is scheduled for the earliest next event of any lease
 * (renewal due, or validity end), so loss is noticed when validity ends, not at a coarse tick. Scheduling is the only
 * shared mutable state outside the set and is guarded by this object's monitor, held for a few field writes only
 * (never across I/O). Races: a lease registered while a round runs either is seen by that round or has asked for its
 * own wake-up; a renewal racing a release cannot recreate the key (it is token-checked) and its "not ours" answer is
 * ignored for a released lease.
 *
 * <p>One lease never stops the others. A lease whose tick throws (a bug in its state or its backend; nothing a lease
 * expects, such as a refused executor or an unreachable Redis, throws) is dropped from the set and declared lost
 * ({@link RedisLease#watchFailed}), and the round goes on with the rest. It is not retried: its renewal may be stuck
 * half-started, so a retry would throw again every round or never renew again, while the lease went on claiming a
 * validity nobody confirms. A lock library's holder expects the opposite error: a loss it did not need costs it a
 * retry of its work, a validity it did not have costs mutual exclusion. Before, the throw ended the round, and unless
 * another lease's renewal was in flight to ask for the next one, no lease of the client was renewed or watched again.
 */
final class LeaseWatchdog {
    private final ScheduledExecutorService timer;
    private final Ticker ticker;
    private final Set<RedisLease> leases = ConcurrentHashMap.newKeySet();
    private ScheduledFuture<?> nextRound;
    /** When the scheduled round runs; read without the monitor by the fast path of {@link #wakeBy}. */
    private volatile long nextRoundAt;
    private volatile boolean roundScheduled;
    private boolean closed;

    LeaseWatchdog(ScheduledExecutorService timer, Ticker ticker) {
        this.timer = timer;
        this.ticker = ticker;
    }

    /** Starts watching a lease: renewals if it has a watchdog, a loss notice when its validity ends in any case. */
    void watch(RedisLease lease) {
        leases.add(lease);
        wakeBy(lease.nextEventAt());
    }

    void forget(RedisLease lease) {
        leases.remove(lease);
    }

    /** Asks for a round no later than {@code when} (a ticker reading). */
    void wakeBy(long when) {
        if (roundScheduled && nextRoundAt - when <= 0) {
            return; // the usual case on acquire: a round is already due sooner, no monitor needed
        }
        schedule(when);
    }

    private synchronized void schedule(long when) {
        if (closed) {
            return;
        }
        if (nextRound != null && nextRoundAt - when <= 0) {
            return;
        }
        if (nextRound != null) {
            nextRound.cancel(false);
        }
        long delay = Math.max(0, when - ticker.read());
        try {
            nextRound = timer.schedule(this::round, delay, TimeUnit.NANOSECONDS);
            nextRoundAt = when;
            roundScheduled = true;
        } catch (RejectedExecutionException e) {
            nextRound = null; // the client is closing; close() settles the leases
            roundScheduled = false;
        }
    }

    private void round() {
        synchronized (this) {
            nextRound = null;
            roundScheduled = false;
        }
        long now = ticker.read();
        long earliest = Long.MAX_VALUE;
        boolean any = false;
        for (RedisLease lease : leases) {
            long at;
            try {
                if (!lease.tick(now)) {
                    leases.remove(lease);
                    continue;
                }
                at = lease.nextEventAt();
            } catch (VirtualMachineError e) {
                throw e; // the JVM is failing: nothing here can help
            } catch (Throwable e) { // a bug in this lease or its backend: it alone is lost
                leases.remove(lease);
                lease.watchFailed(e);
                continue;
            }
            if (!any || at - earliest < 0) {
                earliest = at;
                any = true;
            }
        }
        if (any) {
            wakeBy(earliest);
        }
    }

    /** The client is closing: nothing will renew these leases or prove them valid any more. */
    void close() {
        synchronized (this) {
            closed = true;
            if (nextRound != null) {
                nextRound.cancel(false);
            }
        }
        for (RedisLease lease : leases) {
            lease.markLost("its Hasp client was closed; the lease is no longer renewed");
        }
        leases.clear();
    }
}
