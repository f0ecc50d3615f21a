package io.hasp.spring.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code hasp.*} settings of the auto-configured {@link io.hasp.Hasp} client. Checked when the client is built
 * (by the same builders an application would call), so a bad value fails start-up naming the property.
 * Bound once at start-up; not meant to be changed afterwards.
 */
@ConfigurationProperties("hasp")
public class HaspProperties {
    /** Prefix of every key Hasp writes. At most 64 characters and no braces. */
    private String namespace = "hasp:";

    /**
     * A fixed lease time for every lock: held for exactly this long unless extended, no watchdog. Unset (the
     * default): the watchdog holds locks for watchdog-lease-time and renews them while the holder lives.
     */
    private Duration leaseTime;

    /** The lease the watchdog takes and renews, when lease-time is unset. From 10 ms to 7 days. */
    private Duration watchdogLeaseTime = Duration.ofSeconds(30);

    /** How often the watchdog renews; shorter than watchdog-lease-time. Unset: a third of it. */
    private Duration renewInterval;

    /** How long a queued waiter of a fair lock stays listed without refreshing its entry. From 100 ms to 10 min. */
    private Duration waiterHeartbeat = Duration.ofSeconds(2);

    /** How long any one Redis command may take. */
    private Duration commandTimeout = Duration.ofSeconds(2);

    /** How long opening a connection to Redis may take, up to its first answer. */
    private Duration connectTimeout = Duration.ofSeconds(10);

    private final Backoff backoff = new Backoff();

    private final Redis redis = new Redis();

    // Declared (it is what the compiler would add) so that javadoc on JDK 18+ has a comment for it; so are the
    // constructors of the two nested classes.
    /** Every {@code hasp.*} setting at its default; Spring Boot binds the configured ones onto it. */
    public HaspProperties() {
    }

    /** {@return hasp.namespace: the prefix of every key Hasp writes; default {@code hasp:}} */
    public String getNamespace() {
        return namespace;
    }

    /**
     * Sets hasp.namespace.
     *
     * @param namespace the key prefix, at most 64 characters, no braces; checked when the client is built
     */
    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    /** {@return hasp.lease-time: the fixed lease time of every lock, or {@code null} (the default) for the watchdog} */
    public Duration getLeaseTime() {
        return leaseTime;
    }

    /**
     * Sets hasp.lease-time.
     *
     * @param leaseTime the fixed lease time, from 10 ms to 7 days, or {@code null} for the watchdog; checked when the
     *     client is built
     */
    public void setLeaseTime(Duration leaseTime) {
        this.leaseTime = leaseTime;
    }

    /** {@return hasp.watchdog-lease-time: the lease the watchdog takes and renews; default 30 s} */
    public Duration getWatchdogLeaseTime() {
        return watchdogLeaseTime;
    }

    /**
     * Sets hasp.watchdog-lease-time.
     *
     * @param watchdogLeaseTime the watchdog's lease, from 10 ms to 7 days; checked when the client is built
     */
    public void setWatchdogLeaseTime(Duration watchdogLeaseTime) {
        this.watchdogLeaseTime = watchdogLeaseTime;
    }

    /**
     * {@return hasp.renew-interval: how often the watchdog renews, or {@code null} (the default) for a third of the
     * watchdog lease time}
     */
    public Duration getRenewInterval() {
        return renewInterval;
    }

    /**
     * Sets hasp.renew-interval.
     *
     * @param renewInterval the interval, shorter than the watchdog lease time, or {@code null}; checked when the
     *     client is built
     */
    public void setRenewInterval(Duration renewInterval) {
        this.renewInterval = renewInterval;
    }

    /** {@return hasp.waiter-heartbeat: how long a waiter's entry outlives its last refresh; default 2 s} */
    public Duration getWaiterHeartbeat() {
        return waiterHeartbeat;
    }

    /**
     * Sets hasp.waiter-heartbeat.
     *
     * @param waiterHeartbeat the heartbeat window, from 100 ms to 10 minutes; checked when the client is built
     */
    public void setWaiterHeartbeat(Duration waiterHeartbeat) {
        this.waiterHeartbeat = waiterHeartbeat;
    }

    /** {@return hasp.command-timeout: how long any one Redis command may take; default 2 s} */
    public Duration getCommandTimeout() {
        return commandTimeout;
    }

    /**
     * Sets hasp.command-timeout.
     *
     * @param commandTimeout the command timeout, positive, at most 5 minutes; checked when the client is built
     */
    public void setCommandTimeout(Duration commandTimeout) {
        this.commandTimeout = commandTimeout;
    }

    /** {@return hasp.connect-timeout: how long opening a connection may take, up to its first answer; default 10 s} */
    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    /**
     * Sets hasp.connect-timeout.
     *
     * @param connectTimeout the connect timeout, positive, at most 5 minutes; checked when the client is built
     */
    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /** {@return hasp.backoff.*: the pause between acquire attempts} */
    public Backoff getBackoff() {
        return backoff;
    }

    /** {@return hasp.redis.*: where Hasp connects, when not to the Redis of spring.data.redis.*} */
    public Redis getRedis() {
        return redis;
    }

    /** The pause between acquire attempts: capped exponential growth with full jitter. */
    public static class Backoff {
        /** The first pause's ceiling. */
        private Duration initial = Duration.ofMillis(2);

        /** The largest pause; at most 10 minutes. */
        private Duration max = Duration.ofMillis(200);

        /** The {@code hasp.backoff.*} settings at their defaults. */
        public Backoff() {
        }

        /** {@return hasp.backoff.initial: the first pause's ceiling; default 2 ms} */
        public Duration getInitial() {
            return initial;
        }

        /**
         * Sets hasp.backoff.initial.
         *
         * @param initial the first pause's ceiling, positive; checked when the client is built
         */
        public void setInitial(Duration initial) {
            this.initial = initial;
        }

        /** {@return hasp.backoff.max: the largest pause; default 200 ms} */
        public Duration getMax() {
            return max;
        }

        /**
         * Sets hasp.backoff.max.
         *
         * @param max the largest pause, at least the initial one and at most 10 minutes; checked when the client
         *     is built
         */
        public void setMax(Duration max) {
            this.max = max;
        }
    }

    /** Where Hasp connects when not to the Redis of spring.data.redis.*. */
    public static class Redis {
        /**
         * Redis URIs (redis:// or rediss://, with user, password and database) that replace spring.data.redis.*
         * for Hasp. One URI: one Redis. Three or more (an odd number): Redlock over that many independent servers.
         */
        private List<String> uris = new ArrayList<>();

        /**
         * With several URIs (Redlock): how long one server may take to answer a lock command before it counts as
         * failed, at most 10s. Unset: automatic, a small share of the lease time.
         */
        private Duration nodeTimeout;

        /** The {@code hasp.redis.*} settings at their defaults: no URIs, automatic node timeout. */
        public Redis() {
        }

        /**
         * {@return hasp.redis.node-timeout: with several URIs, how long one server may take to answer a lock
         * command, or {@code null} (the default) for automatic}
         */
        public Duration getNodeTimeout() {
            return nodeTimeout;
        }

        /**
         * Sets hasp.redis.node-timeout.
         *
         * @param nodeTimeout the per-server timeout, positive and at most 10 s, or {@code null} for automatic
         */
        public void setNodeTimeout(Duration nodeTimeout) {
            this.nodeTimeout = nodeTimeout;
        }

        /** {@return hasp.redis.uris: the Redis URIs that replace spring.data.redis.* for Hasp; empty by default} */
        public List<String> getUris() {
            return uris;
        }

        /**
         * Sets hasp.redis.uris.
         *
         * @param uris one URI for one Redis, or an odd number of at least 3 for Redlock
         */
        public void setUris(List<String> uris) {
            this.uris = uris;
        }
    }
}
