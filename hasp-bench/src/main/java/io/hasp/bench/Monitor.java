package io.hasp.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code MONITOR} connection that collects the commands Redis runs between two marker commands. MONITOR costs the
 * server throughput, so it is only open while the command census runs, never during a measured window. Used by one
 * thread.
 */
final class Monitor implements AutoCloseable {
    private static final int READ_TIMEOUT_MILLIS = 30_000;

    private final Socket socket;
    private final BufferedReader in;

    private Monitor(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
    }

    static Monitor open(RedisTarget redis) {
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(redis.host(), redis.port()), READ_TIMEOUT_MILLIS);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            Monitor monitor = new Monitor(socket);
            if (redis.password() != null) {
                monitor.send("AUTH", new String(redis.password()));
                monitor.expectOk();
            }
            if (redis.database() != 0) {
                monitor.send("SELECT", Integer.toString(redis.database()));
                monitor.expectOk();
            }
            monitor.send("MONITOR");
            monitor.expectOk();
            return monitor;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a MONITOR connection to " + redis.display(), e);
        }
    }

    /**
     * The commands after {@code ECHO startMarker} and before {@code ECHO endMarker}; blocks until the end marker
     * arrives.
     */
    List<MonitorLine> between(String startMarker, String endMarker) {
        List<MonitorLine> lines = new ArrayList<>();
        boolean started = false;
        try {
            String raw;
            while ((raw = in.readLine()) != null) {
                MonitorLine line = MonitorLine.parse(raw);
                if (line == null) {
                    continue;
                }
                boolean marker = line.command().equals("echo");
                if (marker && line.firstArgument().equals(endMarker)) {
                    return lines;
                }
                if (marker && line.firstArgument().equals(startMarker)) {
                    started = true;
                } else if (started) {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("MONITOR connection failed", e);
        }
        throw new IllegalStateException("MONITOR connection closed before marker " + endMarker);
    }

    private void send(String... args) throws IOException {
        StringBuilder command = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            command.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
        }
        OutputStream out = socket.getOutputStream();
        out.write(command.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void expectOk() throws IOException {
        String reply = in.readLine();
        if (!"+OK".equals(reply)) {
            throw new IOException("Redis answered " + reply);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a socket we are done with: nothing to do about a failure
        }
    }
}
