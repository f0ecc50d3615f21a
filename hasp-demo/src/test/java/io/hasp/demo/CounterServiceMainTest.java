package io.hasp.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad configuration ends the process with exit code 2 and one line on stderr, before any Redis is needed. */
class CounterServiceMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int launch(String... args) {
        return CounterServiceMain.launch(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), service -> {
                    throw new AssertionError("no service should start");
                });
    }

    private String errLine() {
        String text = err.toString(StandardCharsets.UTF_8);
        assertThat(text.lines()).hasSize(1);
        return text.strip();
    }

    @Test
    void unknownFlagExitsWithTwo() {
        assertThat(launch("--colour", "blue")).isEqualTo(2);
        assertThat(errLine()).isEqualTo("hasp-demo: Unknown options: '--colour', 'blue' (try --help)");
    }

    @Test
    void badUriExitsWithTwo() {
        assertThat(launch("--redis", "redis//nope")).isEqualTo(2);
        assertThat(errLine()).startsWith("hasp-demo: --redis: uri must start with redis://");
    }

    @Test
    void negativeDurationExitsWithTwo() {
        assertThat(launch("--work", "-100ms")).isEqualTo(2);
        assertThat(errLine()).isEqualTo("hasp-demo: Invalid value for option '--work': must not be negative, got"
                + " '-100ms' (try --help)");
    }

    @Test
    void portInUseExitsWithTwo() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(0));
            assertThat(launch("--port", Integer.toString(taken.getLocalPort()))).isEqualTo(2);
            assertThat(errLine()).startsWith("hasp-demo: port " + taken.getLocalPort() + " is already in use");
        }
    }

    @Test
    void aRedlockThatCannotConnectNamesEachNodeOnOneLine() throws IOException {
        int[] closed = new int[3];
        for (int i = 0; i < 3; i++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                closed[i] = socket.getLocalPort();
            }
        }
        String uris = "redis://127.0.0.1:" + closed[0] + ",redis://127.0.0.1:" + closed[1] + ",redis://127.0.0.1:"
                + closed[2];
        assertThat(launch("--redis", uris, "--port", "0")).isEqualTo(1);
        String line = errLine();
        assertThat(line).startsWith("hasp-demo: cannot start: connecting to the Redlock nodes failed: only 0 of 3");
        for (int port : closed) {
            assertThat(line).contains("127.0.0.1:" + port + ": Redis could not be reached");
        }
    }

    @Test
    void twoRedisUrisAreRefusedBecauseRedlockNeedsAnOddCount() {
        assertThat(launch("--port", "0", "--redis", "redis://127.0.0.1:1,redis://127.0.0.1:2")).isEqualTo(2);
        assertThat(errLine()).startsWith("hasp-demo: ").contains("odd number");
    }

    @Test
    void helpPrintsTheUsageAndExitsWithZero() {
        assertThat(launch("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--lock-wait", "LOCK_WAIT", "--bind", "/increment");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
