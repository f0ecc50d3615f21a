package io.hasp.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.hasp.Hasp;
import io.hasp.HaspException;
import io.lettuce.core.RedisException;
import java.util.function.Supplier;

/** The read-only endpoints: {@code /counter}, {@code /health}, {@code /metrics}. Thread-safe; they hold no state. */
final class StatusHandlers {
    /** The detail of every 503 about the store: fixed, so no driver message or address reaches a client. */
    static final String STORE_DOWN = "the counter store did not answer";
    /**
     * The lock {@code /health} inspects to prove the lock Redis answers: one read-only script, the same on one Redis
     * and on a Redlock (where it needs a majority); it writes nothing, so probes leave no keys behind.
     */
    private final String lockName;
    private final Hasp hasp;
    private final CounterStore store;
    private final ServiceMetrics metrics;
    private final String instance;

    StatusHandlers(String lockName, Hasp hasp, CounterStore store, ServiceMetrics metrics, String instance) {
        this.lockName = lockName;
        this.hasp = hasp;
        this.store = store;
        this.metrics = metrics;
        this.instance = instance;
    }

    HttpHandler counter() {
        return getOnly(() -> {
            try {
                return Reply.json(200, "{\"counter\": " + store.read() + ", \"instance\": " + Json.string(instance)
                        + "}");
            } catch (RedisException e) {
                return Reply.json(503, Json.error("store unavailable", STORE_DOWN, instance));
            }
        });
    }

    /** 200 when both the lock Redis and the store answer, else 503; the body says which is down. */
    HttpHandler health() {
        return getOnly(() -> {
            boolean locks = lockRedisAnswers();
            boolean counter = store.ping();
            boolean up = locks && counter;
            return Reply.json(up ? 200 : 503, "{\"status\": " + Json.string(up ? "up" : "down")
                    + ", \"instance\": " + Json.string(instance) + ", \"lockRedis\": " + Json.string(state(locks))
                    + ", \"store\": " + Json.string(state(counter)) + "}");
        });
    }

    HttpHandler metrics() {
        return getOnly(() -> new Reply(200, ServiceMetrics.CONTENT_TYPE, metrics.render()));
    }

    private boolean lockRedisAnswers() {
        try {
            hasp.admin().inspect(lockName);
            return true;
        } catch (HaspException e) {
            return false;
        }
    }

    private static String state(boolean up) {
        return up ? "up" : "down";
    }

    private HttpHandler getOnly(Supplier<Reply> body) {
        return exchange -> {
            try (HttpExchange ex = exchange) {
                if (!ex.getRequestMethod().equals("GET")) {
                    ex.getResponseHeaders().set("Allow", "GET");
                    Reply.json(405, Json.error("method not allowed", "use GET", instance)).send(ex);
                    return;
                }
                body.get().send(ex);
            }
        };
    }

    /** Unknown paths: 404 with the list of endpoints. */
    HttpHandler notFound() {
        return exchange -> {
            try (exchange) {
                Reply.json(404, Json.error("not found", "endpoints: /increment[?unsafe=true], /counter, /health,"
                        + " /metrics", instance)).send(exchange);
            }
        };
    }
}
