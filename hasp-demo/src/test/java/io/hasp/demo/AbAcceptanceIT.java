package io.hasp.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisServer;
import io.hasp.testkit.Timing;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The article's acceptance: {@code ab -n 100 -c 10 .../increment} against one instance with the article's 100 ms of
 * work gives 100 complete and 0 failed requests, and 100 distinct counter values. Without {@code ab} on the PATH
 * (apache2-utils; {@code .ci/run} installs it) the load driver sends the same load.
 */
class AbAcceptanceIT {
    private static final Pattern COUNTER = Pattern.compile("\"counter\": (\\d+)");

    @Test
    void oneHundredRequestsAtConcurrencyTenAllSucceedWithDistinctValues(@TempDir Path dir) throws Exception {
        try (RedisServer redis = RedisServer.start();
             Instances instances = Instances.start(1, redis.uri(), Durations.parse(ServiceOptions.DEFAULT_WORK))) {
            URI base = instances.uris().get(0);
            LoadDriver driver = new LoadDriver();
            long before = driver.readCounter(base);
            Optional<Path> ab = onPath("ab");
            if (ab.isPresent()) {
                String output = runAb(ab.get(), base, dir);
                assertThat(output).containsPattern("Complete requests:\\s+100\\n")
                        .containsPattern("Failed requests:\\s+0\\n")
                        .doesNotContain("Non-2xx responses");
                // ab -v 4 logs what arrived with each response's headers: most bodies, not all (a body that comes in a
                // later packet is not logged). Those seen must be distinct and in range.
                List<Long> seen = COUNTER.matcher(output).results().map(m -> Long.parseLong(m.group(1))).toList();
                assertThat(seen).isNotEmpty().doesNotHaveDuplicates().allMatch(v -> v > before && v <= before + 100);
            } else {
                LoadReport report = driver.run(LoadPlan.of(List.of(base), 100, 10, false), LoadDriver.Progress.NONE);
                assertThat(report.successes()).isEqualTo(100);
                assertThat(report.errors()).isZero();
                assertThat(report.distinctValues()).isEqualTo(100);
            }
            // 100 increments, each inside a lease that was still ours at release and none fenced out, moved the
            // counter by exactly 100: they ran one after another and handed out before+1 .. before+100, once each.
            ServiceMetrics metrics = instances.get(0).metrics();
            assertThat(driver.readCounter(base)).isEqualTo(before + 100);
            assertThat(metrics.lockedIncrements.count()).isEqualTo(100);
            assertThat(metrics.fencedRejected.count()).isZero();
            Timing.await("the 100 releases recorded", Duration.ofSeconds(10),
                    () -> metrics.count("hasp.lock.held", "released") == 100);
            assertThat(metrics.count("hasp.lock.held", "expired")).isZero();
        }
    }

    private static String runAb(Path ab, URI base, Path dir) throws IOException, InterruptedException {
        Path out = dir.resolve("ab.txt");
        Process process = new ProcessBuilder(ab.toString(), "-v", "4", "-n", "100", "-c", "10",
                base.resolve("/increment").toString()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!process.waitFor(Duration.ofMinutes(2).toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("ab did not finish within 2 minutes");
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("ab exit code; output:%n%s", output).isZero();
        return output;
    }

    private static Optional<Path> onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator)).map(p -> Path.of(p, command))
                .filter(Files::isExecutable).findFirst();
    }
}
