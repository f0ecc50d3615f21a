package io.hasp;

import io.hasp.internal.Arguments;
import java.time.Duration;
import java.util.Objects;

/**
 * Per-lock or per-client settings of how a lock is taken and held. Immutable and thread-safe; build one with
 * {@link #builder()} or derive one with {@link #toBuilder()}. Each setter validates its argument at once.
 *
 * <p>Two ways to hold a lock:
 * <ul>
 *   <li><b>Watchdog</b> (the default): the lock is taken for {@link #watchdogLeaseTime()} (30 s) and renewed every
 *       {@link #renewInterval()} (a third of it) until the lease is released or its client closes. If the holder
 *       dies, renewal stops with it and the lock frees itself within one watchdog lease time.</li>
 *   <li><b>Fixed lease</b>: after {@link Builder#leaseTime(Duration)}, the lock is taken for exactly that long and
 *       never renewed behind your back; extend it yourself with {@link Lease#extend(Duration)}.</li>
 * </ul>
 */
public final class LockOptions {
    /** The longest lease a lock may be given: longer leases are almost always a bug (a unit mix-up). */
    public static final Duration MAX_LEASE_TIME = Duration.ofDays(7);
    /** The shortest lease: below this, network latency alone eats the validity. */
    public static final Duration MIN_LEASE_TIME = Duration.ofMillis(10);
    /** The shortest waiter heartbeat window: waiters refresh their entries three times per window. */
    public static final Duration MIN_WAITER_HEARTBEAT = Duration.ofMillis(100);
    /** The longest waiter heartbeat window. */
    public static final Duration MAX_WAITER_HEARTBEAT = Duration.ofMinutes(10);
    /** The most replicas {@link Builder#replicaAcks(int, Duration)} may ask for. */
    public static final int MAX_REPLICA_ACKS = 16;

    private static final LockOptions DEFAULTS = new Builder().build();

    private final Duration fixedLeaseTime;
    private final Duration watchdogLeaseTime;
    private final Duration renewInterval;
    /** {@link #renewInterval()} worked out once: it is read on every acquire. */
    private final Duration effectiveRenewInterval;
    private final Backoff backoff;
    private final double driftFactor;
    private final Duration waiterHeartbeat;
    private final int replicaAcks;
    private final Duration replicaAckTimeout;

    private LockOptions(Builder b) {
        this.fixedLeaseTime = b.fixedLeaseTime;
        this.watchdogLeaseTime = b.watchdogLeaseTime;
        this.renewInterval = b.renewInterval;
        this.effectiveRenewInterval = b.renewInterval != null ? b.renewInterval : b.watchdogLeaseTime.dividedBy(3);
        this.backoff = b.backoff;
        this.driftFactor = b.driftFactor;
        this.waiterHeartbeat = b.waiterHeartbeat;
        this.replicaAcks = b.replicaAcks;
        this.replicaAckTimeout = b.replicaAckTimeout;
    }

    /**
     * {@return the default options} Watchdog renewal of a 30 s lease every 10 s, {@link Backoff#defaults()}, drift
     * factor 0.01, a 2 s waiter heartbeat, no replica acknowledgements.
     */
    public static LockOptions defaults() {
        return DEFAULTS;
    }

    /** {@return a new builder that starts from {@link #defaults()}} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a new builder that starts from these options, to change a few of them} These options are unchanged. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.fixedLeaseTime = fixedLeaseTime;
        b.watchdogLeaseTime = watchdogLeaseTime;
        b.renewInterval = renewInterval;
        b.backoff = backoff;
        b.driftFactor = driftFactor;
        b.waiterHeartbeat = waiterHeartbeat;
        b.replicaAcks = replicaAcks;
        b.replicaAckTimeout = replicaAckTimeout;
        return b;
    }

    /**
     * How long Redis keeps the lock from an acquire or renewal if its holder then does nothing: the bound on how long
     * a crashed holder blocks others.
     *
     * @return the fixed lease time if one was set, else the watchdog lease time
     */
    public Duration leaseTime() {
        return fixedLeaseTime != null ? fixedLeaseTime : watchdogLeaseTime;
    }

    /** {@return whether leases are renewed automatically (no fixed lease time was set)} */
    public boolean watchdogEnabled() {
        return fixedLeaseTime == null;
    }

    /** {@return the lease time the watchdog takes and renews} It is kept, but unused, while a fixed lease is set. */
    public Duration watchdogLeaseTime() {
        return watchdogLeaseTime;
    }

    /** {@return how often the watchdog renews: a third of the watchdog lease time unless set} */
    public Duration renewInterval() {
        return effectiveRenewInterval;
    }

    /**
     * The pause between attempts while waiting. Waiters are woken by the release itself; the backoff bounds only the
     * timed re-check that guards against a lost notification (together with the holder's remaining lease and half
     * the {@link #waiterHeartbeat() heartbeat window}, whichever is sooner).
     *
     * @return the backoff between attempts
     */
    public Backoff backoff() {
        return backoff;
    }

    /**
     * The share of the lease time that a lease subtracts from its own validity, on top of a fixed 2 ms, to allow for
     * clock-rate drift between this JVM and Redis and for expiry precision.
     *
     * @return the drift factor, in [0, 0.5); default 0.01
     */
    public double driftFactor() {
        return driftFactor;
    }

    /**
     * How long a waiter's entry in Redis outlives its last refresh (default 2 s). A waiting client refreshes it with
     * its re-checks, so a waiter that died or was cut off is forgotten within this window: releases stop notifying
     * it, and a fair lock skips its place in the queue. A fair lock also hands the lock to the next waiter with a
     * lease of at most this long, which the waiter extends to its full lease on receipt; so a waiter that dies while
     * queued delays the queue by at most about two windows.
     *
     * @return the waiter heartbeat window
     */
    public Duration waiterHeartbeat() {
        return waiterHeartbeat;
    }

    /**
     * How many replicas must have acknowledged an acquire or a renewal before it counts ({@code WAIT}); 0 (the
     * default) for none. See {@link Builder#replicaAcks(int, Duration)}.
     *
     * @return the number of replicas that must acknowledge
     */
    public int replicaAcks() {
        return replicaAcks;
    }

    /**
     * {@return how long an acquire or renewal waits for {@link #replicaAcks()}; {@link Duration#ZERO} when that is 0}
     */
    public Duration replicaAckTimeout() {
        return replicaAckTimeout;
    }

    /**
     * The validity a lease of {@code ttl} gives up for drift: {@code ttl} times the {@link #driftFactor()}, plus 2 ms.
     *
     * @param ttl the lease time granted
     * @return the drift allowance, in nanoseconds
     */
    public long driftNanos(Duration ttl) {
        return (long) (ttl.toNanos() * driftFactor) + Duration.ofMillis(2).toNanos();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LockOptions)) {
            return false;
        }
        LockOptions other = (LockOptions) o;
        return Objects.equals(fixedLeaseTime, other.fixedLeaseTime)
                && watchdogLeaseTime.equals(other.watchdogLeaseTime)
                && Objects.equals(renewInterval, other.renewInterval)
                && backoff.equals(other.backoff) && driftFactor == other.driftFactor
                && waiterHeartbeat.equals(other.waiterHeartbeat)
                && replicaAcks == other.replicaAcks && replicaAckTimeout.equals(other.replicaAckTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fixedLeaseTime, watchdogLeaseTime, renewInterval, backoff, driftFactor, waiterHeartbeat,
                replicaAcks, replicaAckTimeout);
    }

    @Override
    public String toString() {
        String lease = watchdogEnabled()
                ? "watchdog(lease=" + watchdogLeaseTime + ", renewEvery=" + renewInterval() + ")"
                : "fixed(" + fixedLeaseTime + ")";
        return "LockOptions{lease=" + lease + ", backoff=" + backoff + ", driftFactor=" + driftFactor
                + ", waiterHeartbeat=" + waiterHeartbeat
                + (replicaAcks > 0 ? ", replicaAcks=" + replicaAcks + " within " + replicaAckTimeout : "") + '}';
    }

    /** Builds {@link LockOptions}; not thread-safe. */
    public static final class Builder {
        private Duration fixedLeaseTime;
        private Duration watchdogLeaseTime = Duration.ofSeconds(30);
        private Duration renewInterval;
        private Backoff backoff = Backoff.defaults();
        private double driftFactor = 0.01;
        private Duration waiterHeartbeat = Duration.ofSeconds(2);
        private int replicaAcks;
        private Duration replicaAckTimeout = Duration.ZERO;

        private Builder() {
        }

        /**
         * A fixed lease: the lock is held for exactly this long unless extended, and the watchdog is off.
         *
         * @param leaseTime how long each acquire holds the lock
         * @return this builder
         * @throws HaspArgumentException if {@code leaseTime} is null, shorter than {@link #MIN_LEASE_TIME} or longer
         *     than {@link #MAX_LEASE_TIME}
         */
        public Builder leaseTime(Duration leaseTime) {
            this.fixedLeaseTime = Arguments.checkRange("leaseTime", leaseTime, MIN_LEASE_TIME, MAX_LEASE_TIME);
            return this;
        }

        /**
         * Turns the watchdog back on (after {@link #leaseTime}), renewing leases of {@code watchdogLeaseTime}.
         *
         * @param watchdogLeaseTime the lease time each acquire and renewal sets; default 30 s
         * @return this builder
         * @throws HaspArgumentException if {@code watchdogLeaseTime} is null, shorter than {@link #MIN_LEASE_TIME} or
         *     longer than {@link #MAX_LEASE_TIME}
         */
        public Builder watchdog(Duration watchdogLeaseTime) {
            this.watchdogLeaseTime = Arguments.checkRange("watchdogLeaseTime", watchdogLeaseTime, MIN_LEASE_TIME,
                    MAX_LEASE_TIME);
            this.fixedLeaseTime = null;
            return this;
        }

        /**
         * How often the watchdog renews; must be shorter than the watchdog lease time, which {@link #build()} checks.
         *
         * @param renewInterval the time between renewals; default a third of the watchdog lease time
         * @return this builder
         * @throws HaspArgumentException if {@code renewInterval} is null, not positive, or longer than
         *     {@link #MAX_LEASE_TIME}
         */
        public Builder renewInterval(Duration renewInterval) {
            this.renewInterval = Arguments.checkPositive("renewInterval", renewInterval, MAX_LEASE_TIME);
            return this;
        }

        /**
         * How long to pause between attempts while waiting; see {@link Backoff}.
         *
         * @param backoff the backoff; default {@link Backoff#defaults()}
         * @return this builder
         * @throws HaspArgumentException if {@code backoff} is null
         */
        public Builder backoff(Backoff backoff) {
            this.backoff = Arguments.notNull("backoff", backoff);
            return this;
        }

        /**
         * See {@link LockOptions#driftFactor()}.
         *
         * @param driftFactor the share of the lease time given up for drift, in [0, 0.5); default 0.01
         * @return this builder
         * @throws HaspArgumentException if {@code driftFactor} is outside [0, 0.5) or NaN
         */
        public Builder driftFactor(double driftFactor) {
            if (!(driftFactor >= 0 && driftFactor < 0.5)) {
                throw new HaspArgumentException("driftFactor must be in [0, 0.5), got " + driftFactor);
            }
            this.driftFactor = driftFactor;
            return this;
        }

        /**
         * See {@link LockOptions#waiterHeartbeat()}.
         *
         * @param window the heartbeat window; default 2 s
         * @return this builder
         * @throws HaspArgumentException if {@code window} is null or not between {@link #MIN_WAITER_HEARTBEAT} (100 ms)
         *     and {@link #MAX_WAITER_HEARTBEAT} (10 minutes)
         */
        public Builder waiterHeartbeat(Duration window) {
            if (window == null) {
                throw new HaspArgumentException("waiterHeartbeat must not be null");
            }
            if (window.compareTo(MIN_WAITER_HEARTBEAT) < 0 || window.compareTo(MAX_WAITER_HEARTBEAT) > 0) {
                throw new HaspArgumentException("waiterHeartbeat must be between " + MIN_WAITER_HEARTBEAT + " and "
                        + MAX_WAITER_HEARTBEAT + ", got " + window);
            }
            this.waiterHeartbeat = window;
            return this;
        }

        /**
         * Makes an acquire, and every renewal or extension, count only once {@code replicas} replicas of the lock's
         * primary have acknowledged it (Redis {@code WAIT}, on a Sentinel-watched primary or a Redis Cluster), within
         * {@code timeout}. A grant that is not acknowledged in time is released and the acquire fails with a
         * {@link HaspException} saying how many acknowledged; a renewal that is not is released and the lease
         * reported lost. It costs one more round trip per acquire and renewal, as long as the replicas take to
         * answer. What it buys: a failover that promotes one of those replicas keeps the lock. What it cannot: Redis
         * replication stays asynchronous, so a replica that acknowledged may still lose the key if it crashes too,
         * and Sentinel or Cluster may promote a replica that had not acknowledged (one that was cut off). Keep
         * protecting the resource with the fencing token. {@code replicas} 0 turns it off.
         *
         * @param replicas how many replicas must acknowledge; 0 for none
         * @param timeout how long to wait for their acknowledgements
         * @return this builder
         * @throws HaspArgumentException if {@code replicas} is not in 0..{@value #MAX_REPLICA_ACKS} or
         *     {@code timeout} is null, not positive, or longer than 1 minute
         */
        public Builder replicaAcks(int replicas, Duration timeout) {
            if (replicas < 0 || replicas > MAX_REPLICA_ACKS) {
                throw new HaspArgumentException("replicaAcks must be between 0 and " + MAX_REPLICA_ACKS + ", got "
                        + replicas);
            }
            Duration checked = Arguments.checkPositive("replicaAckTimeout", timeout, Duration.ofMinutes(1));
            this.replicaAcks = replicas;
            this.replicaAckTimeout = replicas == 0 ? Duration.ZERO : checked;
            return this;
        }

        /**
         * The options set so far. The builder may be changed and used again afterwards.
         *
         * @return immutable options
         * @throws HaspArgumentException if the renew interval is not shorter than the watchdog lease time
         */
        public LockOptions build() {
            if (renewInterval != null && renewInterval.compareTo(watchdogLeaseTime) >= 0) {
                throw new HaspArgumentException("renewInterval must be shorter than the watchdog lease time ("
                        + watchdogLeaseTime + "), got " + renewInterval);
            }
            return new LockOptions(this);
        }
    }
}
