package io.hasp;

import io.hasp.internal.Arguments;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a client over several independent Redis masters ({@link HaspBuilder#uris(String...)}, Redlock) talks to its
 * nodes. Ignored by a client on one Redis. Immutable and thread-safe; build one with {@link #builder()}.
 *
 * <p>See {@code docs/redlock.md} for what each setting protects against.
 */
public final class RedlockOptions {
    /**
     * The floor of the automatic per-node timeout: below it, a scheduling delay of a loaded client host (tens of
     * milliseconds are common with more runnable threads than cores) would count healthy nodes out and trip their
     * circuit breakers.
     */
    public static final Duration AUTO_NODE_TIMEOUT_MIN = Duration.ofMillis(25);
    /** The ceiling of the automatic per-node timeout: a healthy Redis answers in well under a millisecond. */
    public static final Duration AUTO_NODE_TIMEOUT_MAX = Duration.ofMillis(50);
    /** The automatic per-node timeout is never more than this fraction of the lease (1/20, 5%). */
    private static final int AUTO_NODE_TIMEOUT_LEASE_DIVISOR = 20;

    private static final RedlockOptions DEFAULTS = new Builder().build();

    private final Duration nodeTimeout;
    private final boolean failFast;
    private final int breakerThreshold;
    private final Duration breakerCoolDown;
    private final Duration restartQuarantine;

    private RedlockOptions(Builder b) {
        this.nodeTimeout = b.nodeTimeout;
        this.failFast = b.failFast;
        this.breakerThreshold = b.breakerThreshold;
        this.breakerCoolDown = b.breakerCoolDown;
        this.restartQuarantine = b.restartQuarantine;
    }

    /**
     * Automatic per-node timeout, no fail-fast, breaker opens after 3 failures for 1 s, restart quarantine = the
     * client's default lease time, or the longest lease the client may still hold on the restarted node if longer.
     *
     * @return the default options
     */
    public static RedlockOptions defaults() {
        return DEFAULTS;
    }

    /** {@return a new builder that starts from {@link #defaults()}} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a new builder that starts from these options, to change a few of them} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.nodeTimeout = nodeTimeout;
        b.failFast = failFast;
        b.breakerThreshold = breakerThreshold;
        b.breakerCoolDown = breakerCoolDown;
        b.restartQuarantine = restartQuarantine;
        return b;
    }

    /** {@return the per-node timeout if one was set; empty means automatic (see {@link #nodeTimeoutNanos(long)})} */
    public Optional<Duration> nodeTimeout() {
        return Optional.ofNullable(nodeTimeout);
    }

    /**
     * The per-node timeout for a command on a lock with a lease of {@code leaseMillis}: the one set, or else
     * automatic: 1% of the lease clamped to [{@link #AUTO_NODE_TIMEOUT_MIN}, {@link #AUTO_NODE_TIMEOUT_MAX}] (25 ms
     * for leases up to 2.5 s, 50 ms from 5 s), and never more than 5% of the lease (so leases under 500 ms get 5% of
     * the lease: 10 ms for 200 ms). The floor keeps a busy client host from counting healthy nodes out; the 5% cap
     * keeps the timeout small against the lease: an acquire waits for at most two rounds (grant, then a fence raise
     * when needed), so a slow node can cost at most a tenth of the lease's validity.
     *
     * @param leaseMillis the lock's lease time, in milliseconds
     * @return the per-node timeout, in nanoseconds
     */
    public long nodeTimeoutNanos(long leaseMillis) {
        if (nodeTimeout != null) {
            return nodeTimeout.toNanos();
        }
        long leaseNanos = Duration.ofMillis(leaseMillis).toNanos();
        long clamped = Math.max(AUTO_NODE_TIMEOUT_MIN.toNanos(), Math.min(AUTO_NODE_TIMEOUT_MAX.toNanos(),
                leaseNanos / 100));
        return Math.min(clamped, leaseNanos / AUTO_NODE_TIMEOUT_LEASE_DIVISOR);
    }

    /** {@return whether a waiting acquire gives up at once when a majority of nodes is held by another lease} */
    public boolean failFast() {
        return failFast;
    }

    /** {@return how many failures in a row open a node's circuit breaker} */
    public int breakerThreshold() {
        return breakerThreshold;
    }

    /** {@return how long an open breaker keeps commands away from its node before one probe tries it again} */
    public Duration breakerCoolDown() {
        return breakerCoolDown;
    }

    /**
     * The least time a node that restarted (its run id changed) is counted as holding none of our keys; empty means
     * the client's default lease time, on the assumption that the other clients of these nodes use leases as long.
     * Whatever is set, the client quarantines such a node for at least the longest lease it may still hold there
     * (the longest lease among its acquires and extends on that node that may not have expired yet).
     *
     * @return the quarantine if one was set; empty for the client's default lease time
     */
    public Optional<Duration> restartQuarantine() {
        return Optional.ofNullable(restartQuarantine);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RedlockOptions)) {
            return false;
        }
        RedlockOptions other = (RedlockOptions) o;
        return Objects.equals(nodeTimeout, other.nodeTimeout) && failFast == other.failFast
                && breakerThreshold == other.breakerThreshold && breakerCoolDown.equals(other.breakerCoolDown)
                && Objects.equals(restartQuarantine, other.restartQuarantine);
    }

    @Override
    public int hashCode() {
        return Objects.hash(nodeTimeout, failFast, breakerThreshold, breakerCoolDown, restartQuarantine);
    }

    @Override
    public String toString() {
        return "RedlockOptions{nodeTimeout=" + (nodeTimeout == null ? "auto" : nodeTimeout) + ", failFast=" + failFast
                + ", breakerThreshold=" + breakerThreshold + ", breakerCoolDown=" + breakerCoolDown
                + ", restartQuarantine=" + (restartQuarantine == null ? "default lease time" : restartQuarantine) + '}';
    }

    /** Builds {@link RedlockOptions}; each setter validates its argument. Not thread-safe. */
    public static final class Builder {
        private Duration nodeTimeout;
        private boolean failFast;
        private int breakerThreshold = 3;
        private Duration breakerCoolDown = Duration.ofSeconds(1);
        private Duration restartQuarantine;

        private Builder() {
        }

        /**
         * A fixed per-node timeout instead of the automatic one ({@link RedlockOptions#nodeTimeoutNanos(long)});
         * at most 10 s. Keep it small against the shortest lease: every acquire may spend it twice before the lease
         * is handed out, and that time comes off the lease's validity.
         *
         * @param timeout how long each node may take to answer one command
         * @return this builder
         * @throws HaspArgumentException if {@code timeout} is null, not positive, or longer than 10 s
         */
        public Builder nodeTimeout(Duration timeout) {
            this.nodeTimeout = Arguments.checkPositive("nodeTimeout", timeout, Duration.ofSeconds(10));
            return this;
        }

        /**
         * Give up a wait at once when a majority of nodes is held by another lease; default false.
         *
         * @param failFast whether to give up at once
         * @return this builder
         */
        public Builder failFast(boolean failFast) {
            this.failFast = failFast;
            return this;
        }

        /**
         * Failures in a row that open a node's breaker; default 3.
         *
         * @param failures the number of consecutive failures, 1 to 100
         * @return this builder
         * @throws HaspArgumentException if {@code failures} is outside 1..100
         */
        public Builder breakerThreshold(int failures) {
            if (failures < 1 || failures > 100) {
                throw new HaspArgumentException("breakerThreshold must be in 1..100, got " + failures);
            }
            this.breakerThreshold = failures;
            return this;
        }

        /**
         * How long an open breaker waits before probing its node; default 1 s.
         *
         * @param coolDown the wait before the probe
         * @return this builder
         * @throws HaspArgumentException if {@code coolDown} is null, not positive, or longer than 10 minutes
         */
        public Builder breakerCoolDown(Duration coolDown) {
            this.breakerCoolDown = Arguments.checkPositive("breakerCoolDown", coolDown, Duration.ofMinutes(10));
            return this;
        }

        /**
         * The least time a restarted node counts as holding none of our keys (by default the client's default lease
         * time; never less than the longest lease this client may still hold on that node). Set it to the longest
         * lease any client of these nodes uses; zero only if every node runs with {@code appendfsync always}.
         *
         * @param quarantine the least quarantine of a restarted node
         * @return this builder
         * @throws HaspArgumentException if {@code quarantine} is null, negative, or longer than
         *     {@link LockOptions#MAX_LEASE_TIME}
         */
        public Builder restartQuarantine(Duration quarantine) {
            if (quarantine == null) {
                throw new HaspArgumentException("restartQuarantine must not be null");
            }
            if (quarantine.isNegative() || quarantine.compareTo(LockOptions.MAX_LEASE_TIME) > 0) {
                throw new HaspArgumentException("restartQuarantine must be in [0, " + LockOptions.MAX_LEASE_TIME
                        + "], got " + quarantine);
            }
            this.restartQuarantine = quarantine;
            return this;
        }

        /** {@return immutable options with the settings made so far} The builder may be used again. */
        public RedlockOptions build() {
            return new RedlockOptions(this);
        }
    }
}
