package io.hasp.cli;

import io.hasp.Hasp;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where the lock commands look: the Redis and the key namespace. */
final class AdminOptions {
    /**
     * Each command starts a cold JVM, whose first connect may be slow on a busy machine; a refused connection still
     * fails at once. Commands keep the library's default timeout.
     */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    @Option(names = "--redis", paramLabel = "URI", defaultValue = "${env:REDIS_URL:-redis://localhost:6379}",
            description = "The Redis holding the locks (env REDIS_URL); default: ${DEFAULT-VALUE}.")
    String redis;

    @Option(names = "--namespace", paramLabel = "PREFIX", defaultValue = "hasp:",
            description = "The key prefix of the locks; default: ${DEFAULT-VALUE}.")
    String namespace;

    /** A client on that Redis; fails with a one-line HaspException when it cannot be reached. */
    Hasp connect() {
        return Hasp.builder().uri(redis).namespace(namespace).connectTimeout(CONNECT_TIMEOUT).build();
    }
}
