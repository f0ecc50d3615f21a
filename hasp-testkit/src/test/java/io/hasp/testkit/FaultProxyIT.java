package io.hasp.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultProxyIT {
    private static final Duration SHORT = Duration.ofMillis(300);
    private static RedisServer redis;
    private FaultProxy proxy;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void startProxy() {
        proxy = FaultProxy.start(redis);
    }

    @AfterEach
    void closeProxy() {
        proxy.close();
    }

    @Test
    void forwardsPing() {
        try (RespClient client = clientThroughProxy(Timing.scaled(Duration.ofSeconds(5)))) {
            assertThat(client.command("PING")).isEqualTo("PONG");
            assertThat(client.command("SET", "k", "v")).isEqualTo("OK");
            assertThat(redis.command("GET", "k")).isEqualTo("v");
            assertThat(proxy.connectionCount()).isEqualTo(1);
        }
        assertThat(proxy.uri()).isEqualTo("redis://127.0.0.1:" + proxy.port());
        Timing.await("the proxied connection to close", Duration.ofSeconds(5), () -> proxy.connectionCount() == 0);
    }

    @Test
    void latencyDelaysEveryRoundTrip() {
        Duration latency = Duration.ofMillis(150);
        try (RespClient client = clientThroughProxy(Timing.scaled(Duration.ofSeconds(5)))) {
            proxy.latency(latency);
            assertThat(proxy.latency()).isEqualTo(latency);

            long start = System.nanoTime();
            assertThat(client.command("PING")).isEqualTo("PONG");
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(elapsed).isGreaterThanOrEqualTo(latency);
            proxy.latency(Duration.ZERO);
            assertThat(client.command("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void oneWayLatencyWithJitterDelaysAPingRoundTripByTwiceIt() {
        Duration oneWay = Duration.ofMillis(20);
        Duration jitter = Duration.ofMillis(5);
        try (RespClient client = clientThroughProxy(Timing.scaled(Duration.ofSeconds(5)))) {
            proxy.latency(oneWay, jitter);
            assertThat(proxy.latency()).isEqualTo(oneWay);
            assertThat(proxy.jitter()).isEqualTo(jitter);

            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                assertThat(client.command("PING")).isEqualTo("PONG");
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                assertThat(elapsed).as("round trip %d", i).isGreaterThanOrEqualTo(oneWay.multipliedBy(2));
            }
        }
    }

    @Test
    void jitterNeverReordersPipelinedCommands() throws IOException {
        // Jitter four times the base delay: were chunks scheduled independently, later ones would overtake.
        proxy.latency(Duration.ofMillis(5), Duration.ofMillis(20));
        int commands = 200;
        try (Socket socket = new Socket(proxy.host(), proxy.port())) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) Timing.scaled(Duration.ofSeconds(10)).toMillis());
            OutputStream out = socket.getOutputStream();
            long start = System.nanoTime();
            for (int i = 0; i < commands; i++) {
                out.write(RespCodec.encode("INCR", "pipelined"));
                out.flush(); // one write per command, so the proxy reads many chunks with their own jitter draws
            }
            InputStream in = new BufferedInputStream(socket.getInputStream());
            for (long expected = 1; expected <= commands; expected++) {
                assertThat(RespCodec.read(in)).as("reply %d", expected).isEqualTo(expected);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(10));
        }
        assertThat(redis.command("GET", "pipelined")).isEqualTo(String.valueOf(commands));
    }

    @Test
    void negativeJitterIsRefusedAndChangesNothing() {
        assertThatThrownBy(() -> proxy.latency(Duration.ofMillis(5), Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jitter must not be negative");
        assertThat(proxy.latency()).isZero();
        assertThat(proxy.jitter()).isZero();
    }

    @Test
    void blackholeMakesAReadTimeOutAndLiftingItDeliversAgain() {
        try (RespClient held = clientThroughProxy(SHORT)) {
            assertThat(held.command("PING")).isEqualTo("PONG");
            proxy.blackhole(true);

            assertThatThrownBy(() -> held.command("PING")).hasCauseInstanceOf(SocketTimeoutException.class);
            try (RespClient fresh = clientThroughProxy(SHORT)) {
                assertThatThrownBy(() -> fresh.command("PING")).hasCauseInstanceOf(SocketTimeoutException.class);
            }

            proxy.blackhole(false);
            try (RespClient after = clientThroughProxy(Timing.scaled(Duration.ofSeconds(5)))) {
                assertThat(after.command("PING")).isEqualTo("PONG");
            }
        }
    }

    @Test
    void cutConnectionsClosesAConnectedClient() {
        try (RespClient client = clientThroughProxy(Timing.scaled(Duration.ofSeconds(5)))) {
            assertThat(client.command("PING")).isEqualTo("PONG");

            assertThat(proxy.cutConnections()).isEqualTo(1);

            assertThatThrownBy(() -> client.command("PING")).isInstanceOf(TestkitException.class);
            assertThat(proxy.connectionCount()).isZero();
        }
        try (RespClient again = clientThroughProxy(Timing.scaled(Duration.ofSeconds(5)))) {
            assertThat(again.command("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void refuseResetsNewConnectionsUntilReset() {
        proxy.refuse(true);
        try (RespClient client = clientThroughProxy(Timing.scaled(Duration.ofSeconds(5)))) {
            assertThatThrownBy(() -> client.command("PING")).isInstanceOf(TestkitException.class);
        } catch (TestkitException connectFailed) {
            // also a refusal: the reset can arrive before connect() returns
        }
        assertThat(proxy.connectionCount()).isZero();

        proxy.reset();

        try (RespClient client = clientThroughProxy(Timing.scaled(Duration.ofSeconds(5)))) {
            assertThat(client.command("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void closeLeavesNoThreadBehind() {
        try (RespClient client = clientThroughProxy(Timing.scaled(Duration.ofSeconds(5)))) {
            client.command("PING");
            proxy.blackhole(true);
            try (RespClient parked = clientThroughProxy(SHORT)) {
                assertThat(parked.isOpen()).isTrue();
                assertThat(proxyThreads()).isNotEmpty();

                proxy.close();

                assertThat(proxyThreads()).isEmpty();
                assertThatThrownBy(() -> client.command("PING")).isInstanceOf(TestkitException.class);
            }
        }
    }

    private RespClient clientThroughProxy(Duration timeout) {
        return RespClient.connect(proxy.host(), proxy.port(), timeout);
    }

    private Set<String> proxyThreads() {
        String prefix = "hasp-fault-proxy-" + proxy.port();
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith(prefix))
                .collect(Collectors.toSet());
    }
}
