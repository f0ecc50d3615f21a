package io.hasp.testkit;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A minimal blocking Redis client that speaks raw RESP2 over one socket, so tests can run commands such as
 * {@code DEBUG SLEEP}, {@code CLIENT KILL}, {@code INFO} or {@code GET} without any client library.
 *
 * <p>Replies: simple and bulk strings as {@link String}, integers as {@link Long}, arrays as {@code List<Object>},
 * nulls as {@code null}; an error reply throws {@link RedisReplyException} and leaves the connection usable. Any I/O
 * failure, including a read that exceeds the socket timeout, throws {@link TestkitException} with the
 * {@link IOException} (for example {@link java.net.SocketTimeoutException}) as cause and closes the client, since
 * a late reply would otherwise be taken as the answer to the next command.
 *
 * <p>Thread-safe: commands are serialized on the instance.
 */
public final class RespClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String target;

    private RespClient(Socket socket, String target) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.target = target;
    }

    /**
     * Connects to {@code host:port}; {@code timeout} bounds the connect and every later read.
     *
     * @param host the server's host
     * @param port the server's port
     * @param timeout the connect timeout and the read timeout of every command
     * @return an open client; close it when done
     * @throws IllegalArgumentException if {@code port} is outside 1..65535
     * @throws TestkitException if the connection cannot be made
     */
    public static RespClient connect(String host, int port, Duration timeout) {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 1..65535 but was " + port);
        }
        int millis = timeoutMillis(timeout);
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            return new RespClient(socket, host + ":" + port);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new TestkitException("Could not connect to Redis at " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /**
     * Sends one command and waits for its reply.
     *
     * @param args the command and its arguments, e.g. {@code "SET", "k", "v"}
     * @return the reply mapped as described in the class comment
     * @throws RedisReplyException if Redis answered with an error
     * @throws TestkitException on I/O failure or timeout; the client is then closed
     */
    public synchronized Object command(String... args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("a command needs at least its name");
        }
        if (socket.isClosed()) {
            throw new TestkitException("RespClient to " + target + " is closed");
        }
        Object reply;
        try {
            out.write(RespCodec.encode(args));
            out.flush();
            reply = RespCodec.read(in);
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            throw new TestkitException(args[0] + " to " + target + " failed: " + e, e);
        }
        throwIfError(args[0], reply);
        return reply;
    }

    /**
     * Runs a command whose reply is a string (or null) and returns it.
     *
     * @param args the command and its arguments
     * @return the reply, or null
     * @throws RedisReplyException if Redis answered with an error
     * @throws TestkitException on I/O failure or timeout, or if the reply is not a string
     */
    public String commandString(String... args) {
        Object reply = command(args);
        if (reply != null && !(reply instanceof String)) {
            throw new TestkitException(args[0] + " replied with " + reply.getClass().getSimpleName() + ", not a string");
        }
        return (String) reply;
    }

    /** {@return {@code true} while the socket is open; an I/O failure closes it} */
    public boolean isOpen() {
        return !socket.isClosed();
    }

    /** Closes the socket; idempotent. */
    @Override
    public void close() {
        closeQuietly(socket);
    }

    @Override
    public String toString() {
        return "RespClient[" + target + (isOpen() ? "" : ", closed") + "]";
    }

    private static void throwIfError(String command, Object reply) {
        if (reply instanceof RespCodec.ErrorReply) {
            throw new RedisReplyException(command, ((RespCodec.ErrorReply) reply).message());
        }
        if (reply instanceof List) {
            for (Object item : (List<?>) reply) {
                throwIfError(command, item);
            }
        }
    }

    static int timeoutMillis(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive but was " + timeout);
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing useful to do: the socket is unusable either way
        }
    }
}
