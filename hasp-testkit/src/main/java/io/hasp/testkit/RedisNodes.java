package io.hasp.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * N independent standalone servers, each on its own port with its own directory, as Redlock needs.
 *
 * <p>Thread-safe: the list of servers is fixed at start and each {@link RedisServer} is thread-safe.
 */
public final class RedisNodes implements AutoCloseable {
    private final List<RedisServer> servers;

    private RedisNodes(List<RedisServer> servers) {
        this.servers = List.copyOf(servers);
    }

    /**
     * Starts {@code n} servers with the default options.
     *
     * @param n how many servers, at least 1
     * @return the running servers; close them when done
     * @throws IllegalArgumentException if {@code n} is below 1
     * @throws TestkitException if a server does not start (those already started are closed)
     */
    public static RedisNodes start(int n) {
        return start(n, builder -> { });
    }

    /**
     * Starts {@code n} servers, each from a fresh builder given to {@code options} first (for example
     * {@code b -> b.config("appendonly", "yes")}). If one fails, those already started are closed.
     *
     * @param n how many servers, at least 1
     * @param options called with each server's builder before it starts
     * @return the running servers; close them when done
     * @throws IllegalArgumentException if {@code n} is below 1
     * @throws TestkitException if a server does not start
     */
    public static RedisNodes start(int n, Consumer<RedisServer.Builder> options) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1 but was " + n);
        }
        List<RedisServer> started = new ArrayList<>(n);
        try {
            for (int i = 0; i < n; i++) {
                RedisServer.Builder builder = RedisServer.builder();
                options.accept(builder);
                started.add(builder.start());
            }
            return new RedisNodes(started);
        } catch (RuntimeException e) {
            closeAll(started, e);
            throw e;
        }
    }

    /**
     * The {@code i}-th server in start order.
     *
     * @param i the server's index, from 0
     * @return the server
     * @throws IndexOutOfBoundsException if there is no such server
     */
    public RedisServer node(int i) {
        if (i < 0 || i >= servers.size()) {
            throw new IndexOutOfBoundsException("node index must be in 0.." + (servers.size() - 1) + " but was " + i);
        }
        return servers.get(i);
    }

    /** {@return all servers in start order; unmodifiable} */
    public List<RedisServer> nodes() {
        return servers;
    }

    /** {@return their {@code redis://127.0.0.1:PORT} URIs in start order; unmodifiable} */
    public List<String> uris() {
        List<String> uris = new ArrayList<>(servers.size());
        servers.forEach(server -> uris.add(server.uri()));
        return List.copyOf(uris);
    }

    /** {@return how many servers there are} */
    public int size() {
        return servers.size();
    }

    /** Closes every server, even if closing one fails; idempotent. */
    @Override
    public void close() {
        RuntimeException failure = new TestkitException("Closing RedisNodes failed");
        closeAll(servers, failure);
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "RedisNodes" + uris();
    }

    static void closeAll(List<RedisServer> servers, RuntimeException collector) {
        for (RedisServer server : servers) {
            try {
                server.close();
            } catch (RuntimeException e) {
                collector.addSuppressed(e);
            }
        }
    }
}
