package io.hasp.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the service shows the outside: exact paths, a health check that writes nothing, loopback by default, error
 * bodies without internal messages, and a start-up line without the Redis password (issue 12).
 */
class ServiceSurfaceIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.perTest();

    private static HttpResponse<String> get(URI base, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void pathsMatchExactly(RedisServer redis) throws Exception {
        try (Instances instances = Instances.start(1, redis.uri(), Duration.ZERO)) {
            URI base = instances.uris().get(0);
            for (String path : List.of("/incrementXYZ", "/increment/x", "/healthz", "/counters", "/metrics/x", "/")) {
                assertThat(get(base, path).statusCode()).as(path).isEqualTo(404);
            }
            assertThat(get(base, "/counter").body()).contains("\"counter\": 0");
            assertThat(get(base, "/increment").statusCode()).isEqualTo(200);
            assertThat(get(base, "/increment?unsafe=true").statusCode()).isEqualTo(200);
            assertThat(get(base, "/counter").body()).contains("\"counter\": 2");
        }
    }

    @Test
    void healthWritesNothingToRedis(RedisServer redis) throws Exception {
        try (Instances instances = Instances.start(1, redis.uri(), Duration.ZERO)) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> health = get(instances.uris().get(0), "/health");
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).contains("\"lockRedis\": \"up\"", "\"store\": \"up\"");
            }
            assertThat((List<?>) redis.command("KEYS", "*")).isEmpty();
        }
    }

    @Test
    void listensOnLoopbackUnlessBindSaysOtherwise(RedisServer redis) throws Exception {
        InetAddress outside = nonLoopbackAddress();
        try (Instances instances = Instances.start(1, redis.uri(), Duration.ZERO)) {
            int port = instances.get(0).port();
            assertThat(get(URI.create("http://127.0.0.1:" + port), "/counter").statusCode()).isEqualTo(200);
            if (outside != null) {
                assertThat(connects(outside, port)).as("reachable on %s", outside).isFalse();
            }
        }
        try (Instances instances = Instances.start(1, redis.uri(), Duration.ZERO, "--bind", "0.0.0.0")) {
            if (outside != null) {
                assertThat(connects(outside, instances.get(0).port())).isTrue();
            }
        }
    }

    @Test
    void errorBodiesCarryNoInternalMessage(RedisServer redis) throws Exception {
        RedisServer store = RedisServer.start(); // a second server, killed by the test
        try (Instances instances = Instances.start(1, redis.uri(), Duration.ZERO, "--store", store.uri())) {
            store.kill();
            HttpResponse<String> counter = get(instances.uris().get(0), "/counter");
            assertThat(counter.statusCode()).isEqualTo(503);
            assertThat(counter.body().strip()).isEqualTo("{\"error\": \"store unavailable\", \"detail\": \"the"
                    + " counter store did not answer\", \"instance\": \"i0\"}");
            HttpResponse<String> increment = get(instances.uris().get(0), "/increment");
            assertThat(increment.statusCode()).isEqualTo(503);
            assertThat(increment.body().strip()).isEqualTo("{\"error\": \"store unavailable\", \"detail\": \"the"
                    + " counter store did not answer\", \"instance\": \"i0\"}");
        } finally {
            store.close();
        }
    }

    @Test
    void theStartUpLineRedactsThePassword(RedisServer redis) {
        String secret = "s3cret-pw";
        redis.command("CONFIG", "SET", "requirepass", secret); // this test's own server
        String uri = "redis://:" + secret + "@" + RedisServer.HOST + ":" + redis.port();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicReference<CounterService> started = new AtomicReference<>();
        int code = CounterServiceMain.launch(new String[] {"--port", "0"}, Map.of("REDIS_URL", uri),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                started::set);
        try {
            assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("redis://:***@127.0.0.1:" + redis.port())
                    .doesNotContain(secret);
        } finally {
            started.get().close();
        }
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** An address of this host that is not loopback, or null if it has none (then only loopback is checked). */
    private static InetAddress nonLoopbackAddress() throws IOException {
        List<InetAddress> found = new ArrayList<>();
        for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                nic.inetAddresses().filter(a -> a instanceof java.net.Inet4Address).forEach(found::add);
            }
        }
        return found.isEmpty() ? null : found.get(0);
    }
}
