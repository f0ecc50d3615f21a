package io.hasp.demo;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the {@link LoadDriver} sends: {@code requests} calls of {@code /increment} at {@code concurrency}, spread
 * round-robin over {@code instances}, with or without the lock. Immutable.
 *
 * @param instances base URIs of the instances, e.g. {@code http://127.0.0.1:8080}
 * @param requests how many requests in all
 * @param concurrency how many requests are in flight at once
 * @param unsafe whether to ask for {@code ?unsafe=true} (no lock)
 * @param requestTimeout how long one request may take before it counts as an error
 */
public record LoadPlan(List<URI> instances, int requests, int concurrency, boolean unsafe, Duration requestTimeout) {

    public LoadPlan {
        instances = List.copyOf(instances);
        if (instances.isEmpty()) {
            throw new IllegalArgumentException("instances must not be empty");
        }
        if (requests < 1) {
            throw new IllegalArgumentException("requests must be at least 1, got " + requests);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
        Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /** A plan with a request timeout of one minute. */
    public static LoadPlan of(List<URI> instances, int requests, int concurrency, boolean unsafe) {
        return new LoadPlan(instances, requests, concurrency, unsafe, Duration.ofMinutes(1));
    }

    /** The {@code /increment} URI of the {@code index}-th request. */
    URI target(int index) {
        URI base = instances.get(index % instances.size());
        return base.resolve(unsafe ? "/increment?unsafe=true" : "/increment");
    }
}
