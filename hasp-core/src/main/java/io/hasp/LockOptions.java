package io.hasp;

import java.time.Duration;
import io.hasp.internal.Arguments;
import java.util.Objects;

/**
 * Per-lock or per-client settings of how a lock is taken and held. Immutable and thread-safe; build one with
 * {@link #builder()} or derive one with {@link #toBuilder()}. Each setter validates its argument at once.
 */
public final class LockOptions {
    /** The longest lease a lock may be given: longer leases are almost always a bug (a unit mix-up). */
    public static final Duration MAX_LEASE_TIME = Duration.ofDays(7);
    /** The shortest lease: below this, network latency alone eats the validity. */
    public static final Duration MIN_LEASE_TIME = Duration.ofMillis(10);

    private static final LockOptions DEFAULTS = new Builder().build();

    private final Duration leaseTime;
    private final Backoff backoff;
    private final double driftFactor;

    private LockOptions(Builder b) {
        this.leaseTime = b.leaseTime;
        this.backoff = b.backoff;
        this.driftFactor = b.driftFactor;
    }

    /** Lease 30 s, {@link Backoff#defaults()}, drift factor 0.01. */
    public static LockOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.leaseTime = leaseTime;
        b.backoff = backoff;
        b.driftFactor = driftFactor;
        return b;
    }

    /** How long Redis keeps the lock if its holder does nothing: the bound on how long a crashed holder blocks others. */
    public Duration leaseTime() {
        return leaseTime;
    }

    /** The pause between attempts while waiting. */
    public Backoff backoff() {
        return backoff;
    }

    /**
     * The share of the lease time that a lease subtracts from its own validity, on top of a fixed 2 ms, to allow for
     * clock-rate drift between this JVM and Redis and for expiry precision.
     */
    public double driftFactor() {
        return driftFactor;
    }

    /** The validity a lease of {@code ttl} gives up for drift, in nanoseconds. */
    public long driftNanos(Duration ttl) {
        return (long) (ttl.toNanos() * driftFactor) + Duration.ofMillis(2).toNanos();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LockOptions)) {
            return false;
        }
        LockOptions other = (LockOptions) o;
        return leaseTime.equals(other.leaseTime) && backoff.equals(other.backoff) && driftFactor == other.driftFactor;
    }

    @Override
    public int hashCode() {
        return Objects.hash(leaseTime, backoff, driftFactor);
    }

    @Override
    public String toString() {
        return "LockOptions{leaseTime=" + leaseTime + ", backoff=" + backoff + ", driftFactor=" + driftFactor + '}';
    }

    /** Builds {@link LockOptions}; not thread-safe. */
    public static final class Builder {
        private Duration leaseTime = Duration.ofSeconds(30);
        private Backoff backoff = Backoff.defaults();
        private double driftFactor = 0.01;

        private Builder() {
        }

        public Builder leaseTime(Duration leaseTime) {
            this.leaseTime = Arguments.checkLeaseTime("leaseTime", leaseTime);
            return this;
        }

        public Builder backoff(Backoff backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        public Builder driftFactor(double driftFactor) {
            if (!(driftFactor >= 0 && driftFactor < 0.5)) {
                throw new HaspArgumentException("driftFactor must be in [0, 0.5), got " + driftFactor);
            }
            this.driftFactor = driftFactor;
            return this;
        }

        public LockOptions build() {
            return new LockOptions(this);
        }
    }
}
