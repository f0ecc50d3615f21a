package io.hasp.spring.boot;

import io.hasp.Hasp;
import io.hasp.HaspException;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One probe client per Redlock server of {@code hasp.redis.uris}, so that health shows each server's state and not
 * only whether a majority answers. A probe client connects at its server's first check (bounded by the connect
 * timeout; a refused connection fails at once, and the next check tries again) and then stays, reconnecting by
 * itself after a drop, so a check of a server that went away costs at most the command timeout. It reads a lock that
 * nothing takes and writes nothing.
 *
 * <p>Thread-safe: health checks may run concurrently; two of them may each connect a client for one server, and the
 * one that loses the race is closed at once.
 */
final class RedlockNodeProbes implements AutoCloseable {
    private final Map<String, String> urisByLabel = new LinkedHashMap<>();
    private final String namespace;
    private final Duration connectTimeout;
    private final Duration commandTimeout;
    private final Map<String, Hasp> clients = new ConcurrentHashMap<>();

    RedlockNodeProbes(List<String> uris, String namespace, Duration connectTimeout, Duration commandTimeout) {
        for (String uri : uris) {
            RedisURI parsed = RedisURI.create(uri);
            urisByLabel.put(parsed.getHost() + ":" + parsed.getPort(), uri);
        }
        this.namespace = namespace;
        this.connectTimeout = connectTimeout;
        this.commandTimeout = commandTimeout;
    }

    /** Each server by {@code host:port}: {@code UP}, or {@code DOWN} and Hasp's (redacted) reason. */
    Map<String, String> states() {
        Map<String, String> states = new LinkedHashMap<>();
        urisByLabel.forEach((label, uri) -> states.put(label, state(label, uri)));
        return states;
    }

    private String state(String label, String uri) {
        try {
            client(label, uri).admin().inspect(HaspHealthIndicator.PROBE);
            return "UP";
        } catch (HaspException e) {
            return "DOWN: " + e.getMessage();
        }
    }

    private Hasp client(String label, String uri) {
        Hasp client = clients.get(label);
        if (client != null) {
            return client;
        }
        Hasp connected = Hasp.builder().uri(uri).namespace(namespace).connectTimeout(connectTimeout)
                .commandTimeout(commandTimeout).build();
        Hasp raced = clients.putIfAbsent(label, connected);
        if (raced != null) {
            connected.close();
            return raced;
        }
        return connected;
    }

    @Override
    public void close() {
        clients.values().forEach(Hasp::close);
        clients.clear();
    }
}
