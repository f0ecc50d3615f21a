package io.hasp.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One client connection through a {@link FaultProxy} and its upstream connection.
 *
 * <p>Four daemon threads: per direction a reader that stamps each chunk with its arrival time and queues it, and a
 * writer that delivers it once {@link ProxyFaults#awaitDelivery} allows: each direction is its own scheduled delivery
 * queue, so a delay never holds the other direction or another connection, and chunks leave in the order they came.
 * A bounded queue gives back-pressure, so a blackhole holds at most a few chunks in memory and the rest waits in
 * kernel buffers, like a stalled TCP path. The client-to-server reader also sets the connection up: it waits out a
 * blackhole before connecting upstream.
 *
 * <p>Thread-safe: the lifecycle ({@code closed}, the thread list, the upstream socket) is guarded by {@code this};
 * {@link #close(boolean)} is idempotent and may be called from any thread, including the pumps themselves.
 */
final class ProxyConnection {
    private static final int CHUNK = 16 * 1024;
    private static final int QUEUE_CHUNKS = 64;
    private static final byte[] EOF = new byte[0];
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final String name;
    private final Socket client;
    private final InetSocketAddress upstreamAddress;
    private final ProxyFaults faults;
    private final Consumer<ProxyConnection> onClosed;
    private final List<Thread> threads = new ArrayList<>(4);
    private Socket upstream;
    private boolean closed;
    private int finishedDirections;

    ProxyConnection(String name, Socket client, InetSocketAddress upstreamAddress, ProxyFaults faults,
            Consumer<ProxyConnection> onClosed) {
        this.name = name;
        this.client = client;
        this.upstreamAddress = upstreamAddress;
        this.faults = faults;
        this.onClosed = onClosed;
    }

    void start() {
        startThread("connect+read-c2s", this::connectThenPumpClientToServer);
    }

    /** Closes both sockets (with a TCP reset if {@code abort}) and stops the threads; idempotent. */
    void close(boolean abort) {
        List<Thread> toStop;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toStop = new ArrayList<>(threads);
        }
        closeSocket(client, abort);
        closeSocket(upstreamOrNull(), abort);
        for (Thread thread : toStop) {
            if (thread != Thread.currentThread()) {
                thread.interrupt(); // wakes writers parked on their queue or on a fault
            }
        }
        onClosed.accept(this);
    }

    /** Waits for this connection's threads to end, up to {@code millis} in total. */
    void join(long millis) throws InterruptedException {
        List<Thread> toJoin;
        synchronized (this) {
            toJoin = new ArrayList<>(threads);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (Thread thread : toJoin) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (thread != Thread.currentThread() && left > 0) {
                thread.join(left);
            }
        }
    }

    private void connectThenPumpClientToServer() {
        Socket server = new Socket();
        try {
            faults.awaitFlowing();
            server.setTcpNoDelay(true);
            server.connect(upstreamAddress, CONNECT_TIMEOUT_MILLIS);
            client.setTcpNoDelay(true);
            BlockingQueue<Chunk> toServer = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
            BlockingQueue<Chunk> toClient = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
            synchronized (this) {
                if (closed) {
                    closeSocket(server, true);
                    return;
                }
                upstream = server;
                startThread("write-c2s", () -> write(toServer, server));
                startThread("read-s2c", () -> read(server, toClient));
                startThread("write-s2c", () -> write(toClient, client));
            }
            read(client, toServer);
        } catch (IOException | InterruptedException e) {
            closeSocket(server, true);
            close(true);
        }
    }

    private void read(Socket from, BlockingQueue<Chunk> chunks) {
        try {
            InputStream in = from.getInputStream();
            byte[] buffer = new byte[CHUNK];
            while (true) {
                int n = in.read(buffer);
                chunks.put(new Chunk(n < 0 ? EOF : Arrays.copyOf(buffer, n), System.nanoTime(),
                        ThreadLocalRandom.current().nextDouble()));
                if (n < 0) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            close(true);
        }
    }

    private void write(BlockingQueue<Chunk> chunks, Socket to) {
        try {
            OutputStream out = to.getOutputStream();
            while (true) {
                Chunk chunk = chunks.take();
                faults.awaitDelivery(chunk.arrivalNanos, chunk.jitterDraw);
                if (chunk.bytes == EOF) {
                    to.shutdownOutput(); // pass the half-close on; the other direction may still be talking
                    directionFinished();
                    return;
                }
                out.write(chunk.bytes);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            close(true);
        }
    }

    /**
     * Bytes read from one side, with the {@code System.nanoTime()} they arrived at and their draw in [0, 1) of the
     * proxy's jitter; {@code EOF} marks the end.
     */
    private record Chunk(byte[] bytes, long arrivalNanos, double jitterDraw) {}

    private void directionFinished() {
        boolean both;
        synchronized (this) {
            both = ++finishedDirections == 2;
        }
        if (both) {
            close(false);
        }
    }

    private synchronized Socket upstreamOrNull() {
        return upstream;
    }

    private synchronized void startThread(String role, Runnable body) {
        Thread thread = new Thread(body, name + "-" + role);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private static void closeSocket(Socket socket, boolean abort) {
        if (socket == null) {
            return;
        }
        try {
            if (abort && !socket.isClosed()) {
                socket.setSoLinger(true, 0); // RST: the peer sees a broken connection at once, as after a real cut
            }
        } catch (IOException e) {
            // the socket is already unusable; closing it is all that is left
        }
        try {
            socket.close();
        } catch (IOException e) {
            // nothing more to do
        }
    }
}
