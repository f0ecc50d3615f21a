package io.hasp.spring.boot;

import io.hasp.Hasp;
import io.hasp.HaspException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether Hasp's Redis answers (on Redlock: whether a majority of its servers does, as a lock needs). The check is
 * {@link io.hasp.LockAdmin#inspect(String)} of a probe lock name: one read-only script per server, bounded by the
 * command timeout; it takes no lock and writes nothing. Down carries Hasp's message, whose URIs are redacted.
 * Thread-safe.
 */
public final class HaspHealthIndicator implements HealthIndicator {
    /** A lock name nothing takes: reading it costs what reading any lock does. */
    static final String PROBE = "health-probe";

    private final Hasp hasp;

    public HaspHealthIndicator(Hasp hasp) {
        this.hasp = hasp;
    }

    @Override
    public Health health() {
        try {
            hasp.admin().inspect(PROBE);
            return Health.up().build();
        } catch (HaspException e) {
            return Health.down().withDetail("error", e.getMessage()).build();
        } catch (RuntimeException e) {
            // Not Hasp's own: its message was never checked for credentials, so only its type is shown.
            return Health.down().withDetail("error", e.getClass().getName()).build();
        }
    }
}
