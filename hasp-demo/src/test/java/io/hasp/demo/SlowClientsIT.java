package io.hasp.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Regression (issue 12): about 70 connections that each send one header byte per second held every worker thread,
 * and every other client's {@code /increment} timed out for the whole attack. Now slow heads are read apart from the
 * workers and cut off after the read time limit, so a normal client is served at once.
 */
class SlowClientsIT {
    private static final int SLOW_CLIENTS = 70;

    @Test
    @ExtendWith(RedisServerExtension.class)
    void seventySlowHeadersDoNotStarveANormalClient(RedisServer redis) throws Exception {
        try (Instances instances = Instances.start(1, redis.uri(), Duration.ZERO);
                SlowClients slow = SlowClients.open(instances.uris().get(0), SLOW_CLIENTS)) {
            assertThat(slow.connected()).isEqualTo(SLOW_CLIENTS);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            // Well inside the read time limit, so only a worker that is free while slow heads are read passes.
            Duration timeout = Timing.scaled(Duration.ofSeconds(CounterService.MAX_REQUEST_SECONDS - 1));
            for (int i = 1; i <= 5; i++) {
                HttpResponse<String> reply = http.send(HttpRequest.newBuilder(instances.uris().get(0)
                        .resolve("/increment")).timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(reply.statusCode()).isEqualTo(200);
                assertThat(reply.body()).contains("\"counter\": " + i);
            }
            assertThat(slow.stillSending()).as("the attack was still on while the client was served").isPositive();
        }
    }

    /** Connections that send a request line, then one header byte per second, never finishing the head. */
    private static final class SlowClients implements AutoCloseable {
        private final List<Socket> sockets = new ArrayList<>();
        private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

        static SlowClients open(URI target, int count) throws IOException {
            SlowClients slow = new SlowClients();
            try {
                for (int i = 0; i < count; i++) {
                    Socket socket = new Socket(target.getHost(), target.getPort());
                    socket.getOutputStream().write("GET /counter HTTP/1.1\r\nHost: x\r\n".getBytes(
                            StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    slow.sockets.add(socket);
                }
            } catch (IOException e) {
                slow.close();
                throw e;
            }
            slow.ticker.scheduleAtFixedRate(slow::oneByteEach, 1, 1, TimeUnit.SECONDS);
            return slow;
        }

        int connected() {
            return sockets.size();
        }

        private synchronized void oneByteEach() {
            for (Socket socket : sockets) {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write('X');
                    out.flush();
                } catch (IOException e) {
                    // the server cut this one off: that is what the read time limit is for
                }
            }
        }

        /** How many connections the server has not closed yet (a read of a closed one sees end of stream). */
        synchronized int stillSending() throws IOException {
            int open = 0;
            for (Socket socket : sockets) {
                socket.setSoTimeout(1);
                try {
                    if (socket.getInputStream().read() != -1) {
                        open++; // the server answered something: not stalled, still counted as open
                    }
                } catch (java.net.SocketTimeoutException e) {
                    open++;
                } catch (IOException e) {
                    // reset by the server
                }
            }
            return open;
        }

        @Override
        public synchronized void close() {
            ticker.shutdownNow();
            for (Socket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }
}
