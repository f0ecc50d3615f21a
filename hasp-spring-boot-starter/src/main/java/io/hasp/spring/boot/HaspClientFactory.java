package io.hasp.spring.boot;

import io.hasp.Backoff;
import io.hasp.Hasp;
import io.hasp.HaspArgumentException;
import io.hasp.HaspBuilder;
import io.hasp.LockListener;
import io.hasp.LockOptions;
import io.hasp.RedlockOptions;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Turns {@link HaspProperties} into a connected {@link Hasp}. Every setting goes through Hasp's own validating
 * builders before anything connects; a refusal becomes an {@link InvalidConfigurationPropertyValueException} naming
 * the {@code hasp.*} property, which Boot's failure analysis prints at start-up. URIs are only ever shown redacted.
 */
final class HaspClientFactory {
    private final HaspProperties properties;
    private final List<LockListener> listeners;

    HaspClientFactory(HaspProperties properties, List<LockListener> listeners) {
        this.properties = properties;
        this.listeners = listeners;
    }

    /** A client on the {@code hasp.redis.uris} (one Redis, or Redlock over several). */
    Hasp connect(List<String> uris) {
        HaspBuilder builder = configured();
        Duration nodeTimeout = properties.getRedis().getNodeTimeout();
        if (nodeTimeout != null) {
            check("hasp.redis.node-timeout", () -> nodeTimeout,
                    () -> builder.redlock(RedlockOptions.builder().nodeTimeout(nodeTimeout).build()));
        }
        String[] given = uris.toArray(String[]::new);
        check("hasp.redis.uris", () -> uris.stream().map(u -> u == null ? null : RedactedUris.redact(u)).toList(),
                () -> builder.uris(given), uris);
        return builder.build();
    }

    /** A client on the Redis (one, Sentinel-watched or a cluster) that {@code spring.data.redis.*} names. */
    Hasp connect(DataRedisTarget target) {
        HaspBuilder builder = configured();
        target.applyTo(builder);
        return builder.build();
    }

    private HaspBuilder configured() {
        HaspBuilder builder = Hasp.builder();
        check("hasp.namespace", properties::getNamespace, () -> builder.namespace(properties.getNamespace()));
        check("hasp.command-timeout", properties::getCommandTimeout,
                () -> builder.commandTimeout(properties.getCommandTimeout()));
        check("hasp.connect-timeout", properties::getConnectTimeout,
                () -> builder.connectTimeout(properties.getConnectTimeout()));
        listeners.forEach(builder::listener);
        return builder.defaultOptions(lockOptions());
    }

    private LockOptions lockOptions() {
        LockOptions.Builder options = LockOptions.builder();
        Duration watchdog = properties.getWatchdogLeaseTime();
        check("hasp.watchdog-lease-time", () -> watchdog, () -> options.watchdog(watchdog));
        if (properties.getLeaseTime() != null) {
            check("hasp.lease-time", properties::getLeaseTime, () -> options.leaseTime(properties.getLeaseTime()));
        }
        if (properties.getRenewInterval() != null) {
            check("hasp.renew-interval", properties::getRenewInterval,
                    () -> options.renewInterval(properties.getRenewInterval()));
        }
        check("hasp.waiter-heartbeat", properties::getWaiterHeartbeat,
                () -> options.waiterHeartbeat(properties.getWaiterHeartbeat()));
        HaspProperties.Backoff backoff = properties.getBackoff();
        check("hasp.backoff", () -> "initial=" + backoff.getInitial() + ", max=" + backoff.getMax(),
                () -> options.backoff(Backoff.exponential(backoff.getInitial(), backoff.getMax())));
        // build() compares the renew interval with the watchdog lease time, its only check of its own.
        return check("hasp.renew-interval", properties::getRenewInterval, options::build);
    }

    private static <T> T check(String property, Supplier<Object> value, Supplier<T> setting) {
        return check(property, value, setting, List.of());
    }

    /** Runs {@code setting}; Hasp's refusal is rethrown naming {@code property}, with {@code secrets} redacted. */
    private static <T> T check(String property, Supplier<Object> value, Supplier<T> setting, List<String> secrets) {
        try {
            return setting.get();
        } catch (HaspArgumentException e) {
            throw new InvalidConfigurationPropertyValueException(property, value.get(),
                    RedactedUris.redactIn(e.getMessage(), secrets));
        }
    }
}
