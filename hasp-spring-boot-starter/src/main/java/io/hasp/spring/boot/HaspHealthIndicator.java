package io.hasp.spring.boot;

import io.hasp.Hasp;
import io.hasp.HaspException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether Hasp's Redis answers (on Redlock: whether a majority of its servers does, as a lock needs). The check is
 * {@link io.hasp.LockAdmin#inspect(String)} of a probe lock name: one read-only script per server, bounded by the
 * command timeout; it takes no lock and writes nothing. Down carries Hasp's message, whose URIs are redacted. On a
 * Redlock client made from {@code hasp.redis.uris}, the detail {@code nodes} also gives each server's own state
 * ({@code host:port} to {@code UP}, or {@code DOWN} and why), checked by a probe client per server.
 * Thread-safe.
 */
public final class HaspHealthIndicator implements HealthIndicator, AutoCloseable {
    /** A lock name nothing takes: reading it costs what reading any lock does. */
    static final String PROBE = "health-probe";

    private final Hasp hasp;
    private final RedlockNodeProbes nodes;

    /**
     * A health check of {@code hasp}'s Redis, without per-server details.
     *
     * @param hasp the client to check; the indicator does not close it
     */
    public HaspHealthIndicator(Hasp hasp) {
        this(hasp, null);
    }

    HaspHealthIndicator(Hasp hasp, RedlockNodeProbes nodes) {
        this.hasp = hasp;
        this.nodes = nodes;
    }

    @Override
    public Health health() {
        Health.Builder health;
        try {
            hasp.admin().inspect(PROBE);
            health = Health.up();
        } catch (HaspException e) {
            health = Health.down().withDetail("error", e.getMessage());
        } catch (RuntimeException e) {
            // Not Hasp's own: its message was never checked for credentials, so only its type is shown.
            health = Health.down().withDetail("error", e.getClass().getName());
        }
        if (nodes != null) {
            health.withDetail("nodes", nodes.states());
        }
        return health.build();
    }

    /** Closes the per-server probe clients, if any; the application's client is the context's to close. */
    @Override
    public void close() {
        if (nodes != null) {
            nodes.close();
        }
    }
}
