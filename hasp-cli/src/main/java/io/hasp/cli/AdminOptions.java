package io.hasp.cli;

import io.hasp.Hasp;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where the lock commands look: the Redis and the key namespace. */
final class AdminOptions {
    /** An operator can wait a little longer than a service would; a refused connection still fails at once. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    @Option(names = "--redis", paramLabel = "URI", defaultValue = "${env:REDIS_URL:-redis://localhost:6379}",
            description = "The Redis holding the locks (env REDIS_URL); default: ${DEFAULT-VALUE}.")
    String redis;

    @Option(names = "--namespace", paramLabel = "PREFIX", defaultValue = "hasp:",
            description = "The key prefix of the locks; default: ${DEFAULT-VALUE}.")
    String namespace;

    /** A client on that Redis; fails with a one-line HaspException when it cannot be reached. */
    Hasp connect() {
        return Hasp.builder().uri(redis).namespace(namespace).commandTimeout(COMMAND_TIMEOUT).build();
    }
}
