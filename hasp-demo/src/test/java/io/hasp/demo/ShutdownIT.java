package io.hasp.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.Hasp;
import io.hasp.LockInfo;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.Timing;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM stops an instance cleanly: the lease of a request in progress is released, not left to expire. */
class ShutdownIT {
    private static final Pattern PORT = Pattern.compile(Pattern.quote(CounterServiceMain.LISTENING) + "(\\d+)");

    @Test
    void sigtermReleasesTheLeaseOfARequestInProgress(@TempDir Path dir) throws Exception {
        try (RedisServer redis = RedisServer.start(); Hasp observer = Hasp.connect(redis.uri())) {
            Path log = dir.resolve("instance.log");
            String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                    CounterServiceMain.class.getName(), "--port", "0", "--redis", redis.uri(), "--work", "1m",
                    "--lease", "1m")).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                int port = awaitPort(log, process);
                HttpClient http = HttpClient.newHttpClient();
                CompletableFuture<HttpResponse<String>> inProgress = http.sendAsync(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/increment")).build(),
                        HttpResponse.BodyHandlers.ofString());
                Timing.await("the request to hold the lock", Duration.ofSeconds(10),
                        () -> observer.admin().inspect(CounterService.LOCK_NAME).map(LockInfo::held).orElse(false));

                process.destroy(); // SIGTERM
                assertThat(process.waitFor(Timing.scaled(Duration.ofSeconds(15)).toMillis(), TimeUnit.MILLISECONDS))
                        .as("the instance exits after SIGTERM").isTrue();
                assertThat(observer.admin().inspect(CounterService.LOCK_NAME).map(LockInfo::held))
                        .as("the lease was released, not left for its one-minute lease time").hasValue(false);
                assertThat(redis.command("GET", CounterStore.COUNTER_KEY)).as("the aborted write never happened")
                        .isNull();
                HttpResponse<String> aborted = inProgress.get(10, TimeUnit.SECONDS);
                assertThat(aborted.statusCode()).as("the request in progress is answered, not cut").isEqualTo(503);
                assertThat(aborted.body()).contains("\"error\": \"shutting down\"");
            } finally {
                process.destroyForcibly();
            }
        }
    }

    private static int awaitPort(Path log, Process process) {
        int[] port = new int[1];
        Timing.await("the instance to listen", Duration.ofSeconds(30), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("the instance exited: " + read(log));
            }
            Matcher m = PORT.matcher(read(log));
            if (m.find()) {
                port[0] = Integer.parseInt(m.group(1));
                return true;
            }
            return false;
        });
        return port[0];
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
