package io.hasp.demo;

import com.sun.net.httpserver.HttpServer;
import io.hasp.Hasp;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The counter service: the JDK's built-in HTTP server ({@code com.sun.net.httpserver}) on a bounded thread pool, a
 * Hasp client for the lock and a Lettuce connection to the store.
 *
 * <p>Design note (lifecycle). {@link #start} binds the port first (so a port in use fails fast, before any Redis
 * work), then connects, then starts serving; whatever it opened is closed if a later step fails. {@link #close} runs
 * once: it answers new requests 503 and gives those in flight a grace period to finish ({@link InFlight}), then
 * interrupts the rest (their {@code finally} releases their lease; stragglers are released by the handler), stops the
 * HTTP server and closes the Redis clients.
 * The pool is bounded in threads and queue; when both are full the server's dispatcher thread runs the request
 * itself, which stops it accepting more: back-pressure instead of an unbounded queue. Thread-safe.
 */
public final class CounterService implements AutoCloseable {
    /** The lock every instance takes around the read-modify-write. */
    public static final String LOCK_NAME = "counter";

    private static final Logger LOG = LoggerFactory.getLogger(CounterService.class);
    private static final int QUEUE_CAPACITY = 1_000;
    private static final int BACKLOG = 256;
    private static final Duration GRACE = Duration.ofSeconds(2);
    private static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    static {
        // The JDK server writes headers and body as two packets; without TCP_NODELAY, Nagle's algorithm holds the
        // second until the client's delayed ACK (~40 ms on Linux) on every keep-alive request. The server reads this
        // property once, when its first instance is created.
        if (System.getProperty(NODELAY_PROPERTY) == null) {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
    }

    private final HttpServer server;
    private final ThreadPoolExecutor pool;
    private final InFlight inFlight;
    private final Hasp hasp;
    private final CounterStore store;
    private final IncrementHandler increments;
    private final ServiceMetrics metrics;
    private final String instance;
    private final AtomicBoolean closed = new AtomicBoolean();

    private CounterService(HttpServer server, ThreadPoolExecutor pool, InFlight inFlight, Hasp hasp,
            CounterStore store, IncrementHandler increments, ServiceMetrics metrics, String instance) {
        this.server = server;
        this.pool = pool;
        this.inFlight = inFlight;
        this.hasp = hasp;
        this.store = store;
        this.increments = increments;
        this.metrics = metrics;
        this.instance = instance;
    }

    /**
     * Starts an instance and returns once it serves requests.
     *
     * @throws ConfigException if the port is in use or the configuration needs something hasp-core lacks
     * @throws io.hasp.RedisUnavailableException if the lock Redis cannot be reached
     * @throws io.lettuce.core.RedisException if the store cannot be reached
     */
    public static CounterService start(ServiceConfig config) {
        HttpServer server = bind(config.port());
        Hasp hasp = null;
        CounterStore store = null;
        try {
            hasp = LockClients.connect(config.redisUris(), config.lease());
            store = CounterStore.connect(config.storeUri());
            store.read(); // fail now, not on the first request, if the store is unreachable
            String instance = config.instanceName(server.getAddress().getPort());
            ServiceMetrics metrics = new ServiceMetrics();
            IncrementHandler increments = new IncrementHandler(hasp.lock(LOCK_NAME), store, metrics, config.work(),
                    config.lockWait(), instance);
            StatusHandlers status = new StatusHandlers(LOCK_NAME, hasp, store, metrics, instance);
            InFlight inFlight = new InFlight();
            server.createContext("/increment", inFlight.track(increments, instance));
            server.createContext("/counter", inFlight.track(status.counter(), instance));
            server.createContext("/health", inFlight.track(status.health(), instance));
            server.createContext("/metrics", inFlight.track(status.metrics(), instance));
            server.createContext("/", inFlight.track(status.notFound(), instance));
            ThreadPoolExecutor pool = newPool(config.threads());
            server.setExecutor(pool);
            server.start();
            return new CounterService(server, pool, inFlight, hasp, store, increments, metrics, instance);
        } catch (RuntimeException e) {
            server.stop(0);
            if (store != null) {
                store.close();
            }
            if (hasp != null) {
                hasp.close();
            }
            throw e;
        }
    }

    private static HttpServer bind(int port) {
        try {
            // The wildcard address: `localhost` may resolve to ::1 or 127.0.0.1, and ab tries only the first.
            return HttpServer.create(new InetSocketAddress(port), BACKLOG);
        } catch (BindException e) {
            throw new ConfigException("port " + port + " is already in use (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new ConfigException("cannot listen on port " + port + ": " + e.getMessage());
        }
    }

    private static ThreadPoolExecutor newPool(int threads) {
        AtomicInteger ids = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, "hasp-demo-http-" + ids.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE_CAPACITY), factory, new ThreadPoolExecutor.CallerRunsPolicy());
    }

    /** The port the service listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** The name this instance answers with. */
    public String instance() {
        return instance;
    }

    public ServiceMetrics metrics() {
        return metrics;
    }

    /** Stops the instance as described in the class note; later calls do nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (!inFlight.closeAndAwait(GRACE)) {
                // Still waiting for the lock or working: interrupt them; each releases its lease on the way out.
                LOG.warn("instance {}: aborting requests still running after {}", instance, GRACE);
                pool.shutdownNow();
                pool.awaitTermination(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.stop(0);
        pool.shutdownNow();
        int released = increments.releaseAll();
        if (released > 0) {
            LOG.info("instance {}: released {} lease(s) at shutdown", instance, released);
        }
        store.close();
        hasp.close();
    }
}
