package io.hasp.demo;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Counter service instances in this JVM, each with its own Hasp client and store connection, for tests. */
final class Instances implements AutoCloseable {
    private final List<CounterService> services = new ArrayList<>();

    /** Starts {@code count} instances on free ports against {@code redisUri}. */
    static Instances start(int count, String redisUri, Duration work, String... moreFlags) {
        Instances instances = new Instances();
        try {
            for (int i = 0; i < count; i++) {
                List<String> args = new ArrayList<>(List.of("--port", "0", "--redis", redisUri, "--work",
                        Durations.format(work), "--instance", "i" + i));
                args.addAll(List.of(moreFlags));
                instances.services.add(CounterService.start(ServiceOptions.parse(args.toArray(String[]::new),
                        Map.of())));
            }
            return instances;
        } catch (RuntimeException e) {
            instances.close();
            throw e;
        }
    }

    List<URI> uris() {
        return services.stream().map(CounterService::uri).toList();
    }

    CounterService get(int i) {
        return services.get(i);
    }

    @Override
    public void close() {
        services.forEach(CounterService::close);
    }
}
