package io.hasp.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy on a free loopback port in front of a Redis server, injecting network faults on command: added
 * latency, a silent partition (blackhole), refused connections, connections dropped during their greeting and cut
 * connections.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.start(); FaultProxy proxy = FaultProxy.start(redis)) {
 *   connectTo(proxy.uri());
 *   proxy.latency(Duration.ofMillis(200));  // every chunk, both ways, arrives 200 ms late
 *   proxy.latency(Duration.ofMillis(20), Duration.ofMillis(2));  // 20 to 22 ms one way, order kept
 *   proxy.blackhole(true);                  // bytes are held, nothing is delivered, nothing is closed
 *   proxy.cutConnections();                 // every open connection is reset now
 *   proxy.reset();
 * }
 * }</pre>
 *
 * <p><b>Design note (concurrency).</b> Thread-safe; every control may be called from any thread at any time. One
 * daemon acceptor thread ({@code hasp-fault-proxy-PORT-accept}) takes connections; each connection runs four daemon
 * pump threads (see {@link ProxyConnection}) named after the proxy port and a connection number. The faults live in
 * one {@link ProxyFaults} object shared by all pumps; its lock is held only to read or change the faults and while a
 * pump waits for them, never during socket I/O, so a control call never waits on traffic. Live connections are kept
 * in a concurrent set; a connection removes itself when it closes. {@link #close()} first closes the listening
 * socket and joins the acceptor, so no connection can appear afterwards, then resets every connection and joins
 * every pump thread, so no thread outlives the proxy.
 *
 * <p>Semantics worth knowing: latency is measured from when a chunk arrived, so it does not pile up over pipelined
 * commands; a blackhole accepts new connections but connects them upstream only once it lifts, and held bytes are
 * delivered in order when it lifts (TCP semantics, as after a healed partition); a refused connection is accepted
 * by the kernel and then reset, so clients see a reset rather than "connection refused".
 */
public final class FaultProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);
    private static final long JOIN_MILLIS = 5_000;
    private static final int GREETING_TIMEOUT_MILLIS = 5_000;
    private static final int GREETING_BYTES = 4096;

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final ProxyFaults faults = new ProxyFaults();
    private final Set<ProxyConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong connectionIds = new AtomicLong();
    private final Thread acceptor;
    private final String name;
    private volatile boolean closed;

    private FaultProxy(ServerSocket listener, InetSocketAddress upstream) {
        this.listener = listener;
        this.upstream = upstream;
        this.name = "hasp-fault-proxy-" + listener.getLocalPort();
        this.acceptor = new Thread(this::acceptLoop, name + "-accept");
        acceptor.setDaemon(true);
    }

    /**
     * Starts a proxy in front of {@code server}.
     *
     * @param server the server to forward to; it need not be running yet
     * @return the running proxy, with no fault; close it when done
     * @throws TestkitException if no loopback port can be opened
     */
    public static FaultProxy start(RedisServer server) {
        return start(server.host(), server.port());
    }

    /**
     * Starts a proxy on a free loopback port in front of {@code host:port}; nothing is connected upstream until a
     * client connects.
     *
     * @param host the upstream host
     * @param port the upstream port
     * @return the running proxy, with no fault; close it when done
     * @throws NullPointerException if {@code host} is null
     * @throws IllegalArgumentException if {@code port} is outside 1..65535
     * @throws TestkitException if no loopback port can be opened
     */
    public static FaultProxy start(String host, int port) {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 1..65535 but was " + port);
        }
        ServerSocket listener;
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new TestkitException("Could not open a loopback port for the fault proxy", e);
        }
        FaultProxy proxy = new FaultProxy(listener, InetSocketAddress.createUnresolved(host, port));
        proxy.acceptor.start();
        LOG.info("Fault proxy {} forwards to {}:{}", proxy.uri(), host, port);
        return proxy;
    }

    /**
     * Delays every chunk forwarded by {@code latency}, one way, in each direction (a round trip takes twice it);
     * zero removes it. Applies at once. Same as {@code latency(latency, Duration.ZERO)}.
     *
     * @param latency the one-way delay
     * @return this proxy
     * @throws NullPointerException if {@code latency} is null
     * @throws IllegalArgumentException if {@code latency} is negative
     */
    public FaultProxy latency(Duration latency) {
        return latency(latency, Duration.ZERO);
    }

    /**
     * Delays every chunk forwarded, one way, in each direction, by {@code latency} plus a uniformly drawn share of
     * {@code jitter} (0 to {@code jitter}, a new draw per chunk), as a link to another zone or region would. Bytes
     * still leave in the order they came in each direction: a chunk never overtakes an earlier one. Applies at once.
     *
     * @param latency the fixed one-way delay
     * @param jitter the most added on top of it, drawn per chunk
     * @return this proxy
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if an argument is negative
     */
    public FaultProxy latency(Duration latency, Duration jitter) {
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(jitter, "jitter");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative but was " + latency);
        }
        if (jitter.isNegative()) {
            throw new IllegalArgumentException("jitter must not be negative but was " + jitter);
        }
        faults.latency(latency, jitter);
        LOG.info("Fault proxy {}: one-way latency {} ms, jitter up to {} µs", uri(), latency.toMillis(),
                jitter.toNanos() / 1_000);
        return this;
    }

    /** {@return the one-way latency currently added, without jitter} */
    public Duration latency() {
        return faults.latency();
    }

    /** {@return the most jitter currently added on top of {@link #latency()}} */
    public Duration jitter() {
        return faults.jitter();
    }

    /**
     * Turns a silent partition on or off: while on, connections stay open and new ones are accepted, but no byte is
     * forwarded in either direction; when it lifts, held bytes flow again in order.
     *
     * @param on whether to hold every byte
     * @return this proxy
     */
    public FaultProxy blackhole(boolean on) {
        faults.blackhole(on);
        LOG.info("Fault proxy {}: blackhole {}", uri(), on ? "on" : "off");
        return this;
    }

    /** {@return whether blackhole is on} */
    public boolean isBlackholed() {
        return faults.blackhole();
    }

    /**
     * While on, new connections are reset as soon as they are accepted; open connections are not touched.
     *
     * @param on whether to refuse new connections
     * @return this proxy
     */
    public FaultProxy refuse(boolean on) {
        faults.refuse(on);
        LOG.info("Fault proxy {}: refuse new connections {}", uri(), on ? "on" : "off");
        return this;
    }

    /** {@return whether new connections are refused} */
    public boolean isRefusing() {
        return faults.refuse();
    }

    /**
     * Drops the next {@code connections} new connections during their greeting: each is accepted, its client's first
     * bytes are read and left unanswered, and it is closed cleanly (FIN), as by a server that goes away while a client
     * says hello. Later connections are proxied as usual.
     *
     * @param connections how many new connections to drop
     * @return this proxy
     * @throws IllegalArgumentException if {@code connections} is negative
     */
    public FaultProxy dropGreetings(int connections) {
        if (connections < 0) {
            throw new IllegalArgumentException("connections must not be negative but was " + connections);
        }
        faults.dropGreetings(connections);
        LOG.info("Fault proxy {}: drop the next {} connections during their greeting", uri(), connections);
        return this;
    }

    /**
     * Resets every open proxied connection now (TCP RST to both sides).
     *
     * @return how many connections were cut
     */
    public int cutConnections() {
        List<ProxyConnection> open = new ArrayList<>(connections);
        open.forEach(connection -> connection.close(true));
        LOG.info("Fault proxy {}: cut {} connections", uri(), open.size());
        return open.size();
    }

    /**
     * {@return clears every fault: no latency or jitter, no blackhole, no refusing, no greeting to drop. Open connections
     * stay open}
     */
    public FaultProxy reset() {
        faults.reset();
        LOG.info("Fault proxy {}: faults cleared", uri());
        return this;
    }

    /** {@return {@code "redis://127.0.0.1:PROXY_PORT"}: what a client should connect to} */
    public String uri() {
        return "redis://" + RedisServer.HOST + ":" + port();
    }

    /** {@return always {@code 127.0.0.1}} */
    public String host() {
        return RedisServer.HOST;
    }

    /** {@return the proxy's own port} */
    public int port() {
        return listener.getLocalPort();
    }

    /** {@return how many proxied connections are open now} */
    public int connectionCount() {
        return connections.size();
    }

    /** Stops accepting, resets every connection and waits for every proxy thread to end; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            LOG.debug("Closing the listener of {} failed", name, e);
        }
        try {
            acceptor.join(JOIN_MILLIS);
            List<ProxyConnection> open = new ArrayList<>(connections);
            for (ProxyConnection connection : open) {
                connection.close(true);
            }
            for (ProxyConnection connection : open) {
                connection.join(JOIN_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestkitException("Interrupted while stopping " + name, e);
        }
        LOG.info("Fault proxy {} closed", uri());
    }

    @Override
    public String toString() {
        return "FaultProxy[" + uri() + " -> " + upstream.getHostString() + ":" + upstream.getPort() + "]";
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("Fault proxy {} stopped accepting: {}", name, e.toString());
                }
                return;
            }
            if (closed || faults.refuse()) {
                resetQuietly(client);
                continue;
            }
            if (faults.takeGreetingToDrop()) {
                dropAfterGreeting(client);
                continue;
            }
            String connectionName = name + "#" + connectionIds.incrementAndGet();
            InetSocketAddress target = new InetSocketAddress(upstream.getHostString(), upstream.getPort());
            ProxyConnection connection =
                    new ProxyConnection(connectionName, client, target, faults, connections::remove);
            connections.add(connection);
            connection.start();
        }
    }

    /** Reads the client's first bytes (waiting at most the greeting timeout), answers nothing and closes cleanly. */
    private static void dropAfterGreeting(Socket socket) {
        try (socket) {
            socket.setSoTimeout(GREETING_TIMEOUT_MILLIS);
            int read = socket.getInputStream().read(new byte[GREETING_BYTES]);
            LOG.debug("Fault proxy: dropped a connection after {} bytes of its greeting", read);
        } catch (IOException e) {
            LOG.debug("Fault proxy: a connection to drop went away first: {}", e.toString());
        }
    }

    private static void resetQuietly(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            // refused either way
        }
    }
}
