package io.hasp.demo;

import io.hasp.LockListener;
import io.hasp.micrometer.HaspMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The counter service's meters, in Micrometer's Prometheus registry and rendered for {@code /metrics}: the lock's
 * own ({@code hasp_lock_*}, recorded by {@link HaspMetrics} from the Hasp client's events) and the service's
 * ({@code hasp_demo_*}). Thread-safe.
 */
public final class ServiceMetrics {
    /** The Prometheus text format's content type, which {@link PrometheusMeterRegistry#scrape()} writes. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    public final Counter fencedRejected = Counter.builder("hasp.demo.fenced.writes.rejected")
            .description("Counter reads or writes refused by the store because a newer fencing token had been seen")
            .register(registry);
    public final Counter lockedIncrements = increments("locked", "Increments done under the lock");
    public final Counter unsafeIncrements = increments("unsafe", "Increments done without the lock (?unsafe=true)");

    private Counter increments(String mode, String description) {
        return Counter.builder("hasp.demo.increments").tag("mode", mode).description(description).register(registry);
    }

    /** The listener to register on the service's Hasp client: it records the {@code hasp.lock.*} meters here. */
    public LockListener lockListener() {
        return new HaspMetrics(registry);
    }

    /**
     * How many events {@code timerName} ({@code hasp.lock.wait} or {@code hasp.lock.held}) recorded with
     * {@code outcome}; 0 before the first. The lock's events arrive on the client's executor, a moment after the
     * request that caused them has been answered.
     */
    public long count(String timerName, String outcome) {
        Timer timer = registry.find(timerName).tag("outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }

    /** All meters in the Prometheus text exposition format. */
    public String render() {
        return registry.scrape();
    }
}
