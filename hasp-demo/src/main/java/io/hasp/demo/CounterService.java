package io.hasp.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.hasp.Hasp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionHandler;
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
 *
 * <p>Design note (slow clients). The JDK server reads a request's head on a thread of its executor, so a client that
 * sends one byte a second holds a thread for as long as it likes. Three bounds keep such clients from starving the
 * others: reading runs on its own pool ({@code readers}, {@value #READERS} threads), apart from the {@code --threads}
 * that serve requests ({@code workers}), so slow heads never take a worker; the server closes a connection whose
 * request is not read within {@value #MAX_REQUEST_SECONDS} s ({@code sun.net.httpserver.maxReqTime}), which frees its
 * reader; and it accepts at most {@value #MAX_CONNECTIONS} connections at once ({@code jdk.httpserver.maxConnections}),
 * which bounds the readers' queue. The workers are bounded in threads and queue; when both are full the reader runs
 * the request itself: back-pressure on reading instead of an unbounded queue. Thread-safe.
 */
public final class CounterService implements AutoCloseable {
    /** The lock every instance takes around the read-modify-write. */
    public static final String LOCK_NAME = "counter";

    private static final Logger LOG = LoggerFactory.getLogger(CounterService.class);
    private static final int QUEUE_CAPACITY = 1_000;
    private static final int BACKLOG = 256;
    private static final Duration GRACE = Duration.ofSeconds(2);
    /** Requests being read at once; a slow client holds one for at most {@link #MAX_REQUEST_SECONDS}. */
    static final int READERS = 256;
    /** How long a client may take to send a request's head and body. */
    static final int MAX_REQUEST_SECONDS = 5;
    static final int MAX_CONNECTIONS = 1_000;

    static {
        // The JDK server reads these once, when its first instance is created; a value given with -D wins.
        // Without TCP_NODELAY the server's two packets per reply (headers, body) wait for the client's delayed ACK
        // (~40 ms on Linux) on every keep-alive request.
        setUnlessGiven("sun.net.httpserver.nodelay", "true");
        setUnlessGiven("sun.net.httpserver.maxReqTime", Integer.toString(MAX_REQUEST_SECONDS));
        setUnlessGiven("jdk.httpserver.maxConnections", Integer.toString(MAX_CONNECTIONS));
    }

    private static void setUnlessGiven(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    private final List<HttpServer> servers;
    private final ThreadPoolExecutor readers;
    private final ThreadPoolExecutor workers;
    private final InFlight inFlight;
    private final Hasp hasp;
    private final CounterStore store;
    private final IncrementHandler increments;
    private final ServiceMetrics metrics;
    private final String instance;
    private final AtomicBoolean closed = new AtomicBoolean();

    private CounterService(List<HttpServer> servers, ThreadPoolExecutor readers, ThreadPoolExecutor workers,
            InFlight inFlight, Hasp hasp, CounterStore store, IncrementHandler increments, ServiceMetrics metrics,
            String instance) {
        this.servers = servers;
        this.readers = readers;
        this.workers = workers;
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
        List<HttpServer> servers = Listeners.bind(config.bind(), config.port(), BACKLOG);
        Hasp hasp = null;
        CounterStore store = null;
        try {
            ServiceMetrics metrics = new ServiceMetrics();
            hasp = LockClients.connect(config.redis(), config.lease(), metrics.lockListener());
            store = CounterStore.connect(config.store());
            store.read(); // fail now, not on the first request, if the store is unreachable
            String instance = config.instanceName(servers.get(0).getAddress().getPort());
            IncrementHandler increments = new IncrementHandler(hasp.lock(LOCK_NAME), store, metrics, config.work(),
                    config.lockWait(), instance);
            StatusHandlers status = new StatusHandlers(LOCK_NAME, hasp, store, metrics, instance);
            InFlight inFlight = new InFlight();
            Routes routes = new Routes(Map.of("/increment", increments, "/counter", status.counter(),
                    "/health", status.health(), "/metrics", status.metrics()), status.notFound());
            ThreadPoolExecutor workers = newPool("hasp-demo-http-", config.threads(),
                    new ArrayBlockingQueue<>(QUEUE_CAPACITY), new ThreadPoolExecutor.CallerRunsPolicy());
            ThreadPoolExecutor readers = newPool("hasp-demo-read-", READERS, new LinkedBlockingQueue<>(),
                    new ThreadPoolExecutor.AbortPolicy());
            HttpHandler served = inFlight.track(routes, instance);
            for (HttpServer server : servers) {
                // The reader hands each request, once read, to a worker and is free for the next.
                server.createContext("/", exchange -> handOff(exchange, served, workers));
                server.setExecutor(readers);
                server.start();
            }
            return new CounterService(servers, readers, workers, inFlight, hasp, store, increments, metrics,
                    instance);
        } catch (RuntimeException e) {
            servers.forEach(server -> server.stop(0));
            if (store != null) {
                store.close();
            }
            if (hasp != null) {
                hasp.close();
            }
            throw e;
        }
    }

    /**
     * On a reader: reads the rest of the request (its body, so the whole read counts against the read time limit and
     * holds no worker), then gives it to a worker.
     */
    private static void handOff(HttpExchange exchange, HttpHandler served, Executor workers) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            body.transferTo(OutputStream.nullOutputStream());
        }
        workers.execute(() -> handleQuietly(served, exchange));
    }

    /** Runs the handler; what it throws ends the exchange, as the JDK server would do on its own thread. */
    private static void handleQuietly(HttpHandler handler, HttpExchange exchange) {
        try {
            handler.handle(exchange);
        } catch (IOException | RuntimeException e) {
            LOG.debug("request ended with {}", Printable.text(e));
            exchange.close();
        }
    }

    private static ThreadPoolExecutor newPool(String name, int threads, BlockingQueue<Runnable> queue,
            RejectedExecutionHandler whenFull) {
        AtomicInteger ids = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, name + ids.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, queue, factory,
                whenFull);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** The port the service listens on. */
    public int port() {
        return servers.get(0).getAddress().getPort();
    }

    /** {@code http://ADDRESS:PORT} of the first address listened on; 127.0.0.1 for the wildcard address. */
    public URI uri() {
        InetAddress address = servers.get(0).getAddress().getAddress();
        String host = address.isAnyLocalAddress() ? "127.0.0.1" : address.getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
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
                workers.shutdownNow();
                workers.awaitTermination(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        servers.forEach(server -> server.stop(0));
        workers.shutdownNow();
        readers.shutdownNow();
        int released = increments.releaseAll();
        if (released > 0) {
            LOG.info("instance {}: released {} lease(s) at shutdown", instance, released);
        }
        store.close();
        hasp.close();
    }
}
