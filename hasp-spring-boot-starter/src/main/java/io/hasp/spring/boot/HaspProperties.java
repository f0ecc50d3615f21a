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

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public Duration getLeaseTime() {
        return leaseTime;
    }

    public void setLeaseTime(Duration leaseTime) {
        this.leaseTime = leaseTime;
    }

    public Duration getWatchdogLeaseTime() {
        return watchdogLeaseTime;
    }

    public void setWatchdogLeaseTime(Duration watchdogLeaseTime) {
        this.watchdogLeaseTime = watchdogLeaseTime;
    }

    public Duration getRenewInterval() {
        return renewInterval;
    }

    public void setRenewInterval(Duration renewInterval) {
        this.renewInterval = renewInterval;
    }

    public Duration getWaiterHeartbeat() {
        return waiterHeartbeat;
    }

    public void setWaiterHeartbeat(Duration waiterHeartbeat) {
        this.waiterHeartbeat = waiterHeartbeat;
    }

    public Duration getCommandTimeout() {
        return commandTimeout;
    }

    public void setCommandTimeout(Duration commandTimeout) {
        this.commandTimeout = commandTimeout;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Backoff getBackoff() {
        return backoff;
    }

    public Redis getRedis() {
        return redis;
    }

    /** The pause between acquire attempts: capped exponential growth with full jitter. */
    public static class Backoff {
        /** The first pause's ceiling. */
        private Duration initial = Duration.ofMillis(2);

        /** The largest pause; at most 10 minutes. */
        private Duration max = Duration.ofMillis(200);

        public Duration getInitial() {
            return initial;
        }

        public void setInitial(Duration initial) {
            this.initial = initial;
        }

        public Duration getMax() {
            return max;
        }

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

        public Duration getNodeTimeout() {
            return nodeTimeout;
        }

        public void setNodeTimeout(Duration nodeTimeout) {
            this.nodeTimeout = nodeTimeout;
        }

        public List<String> getUris() {
            return uris;
        }

        public void setUris(List<String> uris) {
            this.uris = uris;
        }
    }
}
