package io.hasp.cli;

import io.hasp.demo.Printable;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.TestkitException;

/**
 * The Redis a command works against: the one the user named, or a private {@code redis-server} child on a free port
 * (from the PATH, else the binary inside the embedded-redis jar), stopped by {@link #close()} and, should the JVM
 * die first, by the testkit's own shutdown hook. Thread-safe: closing twice is harmless.
 */
final class RedisTarget implements AutoCloseable {
    private final String uri;
    private final RedisServer embedded;
    private final String description;

    private RedisTarget(String uri, RedisServer embedded, String description) {
        this.uri = uri;
        this.embedded = embedded;
        this.description = description;
    }

    /** {@code given} if not blank, else a freshly started embedded server. */
    static RedisTarget givenOrEmbedded(String given) {
        if (given != null && !given.isBlank()) {
            return new RedisTarget(given, null, Printable.text(given));
        }
        try {
            RedisServer server = RedisServer.start();
            return new RedisTarget(server.uri(), server, Printable.text("embedded redis-server " + server.version()
                    + " on " + server.uri() + " (" + server.binary() + "), stopped on exit"));
        } catch (TestkitException e) {
            throw new CliException("no --redis given and no redis-server could be started: " + e.getMessage(), e);
        }
    }

    /** The URI (one, or a comma-separated list of Redlock nodes) that instances connect to. */
    String uri() {
        return uri;
    }

    /** One line for people, fit to print ({@link Printable#text}): which Redis this is. */
    String description() {
        return description;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
