package io.hasp.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.Hasp;
import io.hasp.Lease;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.Timing;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Three instances behind one lock keep the counter exact under concurrent load; the unsafe mode does not. */
class CounterServiceIT {
    private static final Duration LIVENESS = Duration.ofSeconds(10);
    private static RedisServer redis;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void threeInstancesHandOutEveryValueExactlyOnce() throws Exception {
        try (Instances instances = Instances.start(3, redis.uri(), Duration.ofMillis(2))) {
            LoadReport report = new LoadDriver().run(LoadPlan.of(instances.uris(), 150, 12, false),
                    LoadDriver.Progress.NONE);
            assertThat(report.errorsByKind()).isEmpty();
            assertThat(report.successes()).isEqualTo(150);
            assertThat(report.counterAdvance()).isEqualTo(150);
            assertThat(report.lostUpdates()).isZero();
            assertThat(report.duplicateValues()).isZero();
            assertThat(report.exact()).isTrue();
            long locked = 0;
            for (int i = 0; i < 3; i++) {
                ServiceMetrics metrics = instances.get(i).metrics();
                locked += (long) metrics.lockedIncrements.count();
                assertThat(metrics.lockedIncrements.count()).as("instance %d served its share", i).isEqualTo(50);
                assertThat(metrics.fencedRejected.count()).isZero();
                Timing.await("instance " + i + "'s 50 acquires recorded", LIVENESS,
                        () -> metrics.count("hasp.lock.wait", "granted") == 50);
            }
            assertThat(locked).isEqualTo(150);
        }
    }

    /**
     * Without the lock, concurrent read-modify-writes overwrite each other. A round can by chance lose nothing, so
     * this asserts only that some round out of several loses updates: with 16 requests in flight, each holding its
     * stale read for 20 ms, a round without a single overlap is practically impossible.
     */
    @Test
    void unsafeModeLosesUpdates() throws Exception {
        try (Instances instances = Instances.start(3, redis.uri(), Duration.ofMillis(20))) {
            LoadDriver driver = new LoadDriver();
            long lost = 0;
            for (int round = 0; round < 5 && lost == 0; round++) {
                LoadReport report = driver.run(LoadPlan.of(instances.uris(), 48, 16, true), LoadDriver.Progress.NONE);
                assertThat(report.errors()).isZero();
                lost = report.lostUpdates();
            }
            assertThat(lost).isPositive();
        }
    }

    @Test
    void aLeaseShorterThanTheWorkIsFencedOutInsteadOfWritingAStaleValue() throws Exception {
        // Each section works 200 ms under a 50 ms lease: the next request takes the expired lock, so the first
        // holder's write is refused by the store's fence, and the service answers 409, never a wrong counter.
        try (Instances instances = Instances.start(1, redis.uri(), Duration.ofMillis(200), "--lease", "50ms")) {
            LoadReport report = new LoadDriver().run(LoadPlan.of(instances.uris(), 8, 4, false),
                    LoadDriver.Progress.NONE);
            ServiceMetrics metrics = instances.get(0).metrics();
            assertThat(metrics.fencedRejected.count()).isPositive();
            assertThat(report.errorsByKind()).containsOnlyKeys("409 fenced out");
            assertThat(report.counterAdvance()).as("every success moved the counter").isEqualTo(report.successes());
            assertThat(report.duplicateValues()).isZero();
            Timing.await("a lease found expired at release", LIVENESS,
                    () -> metrics.count("hasp.lock.held", "expired") > 0);
        }
    }

    @Test
    void healthMetricsAndErrorsAnswerAsDocumented() throws Exception {
        try (Instances instances = Instances.start(1, redis.uri(), Duration.ZERO, "--lock-wait", "0")) {
            URI base = instances.uris().get(0);
            HttpResponse<String> health = get(base.resolve("/health"));
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\": \"up\"", "\"lockRedis\": \"up\"", "\"store\": \"up\"");

            HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(base.resolve("/increment"))
                    .POST(HttpRequest.BodyPublishers.ofString("ignored")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(200);
            assertThat(post.body()).matches("\\{\"counter\": \\d+, \"instance\": \"i0\", \"fence\": \\d+, "
                    + "\"waitedMs\": \\d+} *\\n");
            assertThat(post.body()).as("fixed length, for ab").hasSize(IncrementHandler.REPLY_LENGTH + 1);

            Timing.await("the release recorded", LIVENESS,
                    () -> instances.get(0).metrics().count("hasp.lock.held", "released") == 1);
            HttpResponse<String> metrics = get(base.resolve("/metrics"));
            assertThat(metrics.headers().firstValue("Content-Type")).hasValue(ServiceMetrics.CONTENT_TYPE);
            assertThat(MetricsText.value(metrics.body(), "hasp_demo_increments_total{mode=\"locked\"}")).isEqualTo(1);
            assertThat(MetricsText.value(metrics.body(), "hasp_lock_wait_seconds_count{outcome=\"granted\"}"))
                    .isEqualTo(1);
            assertThat(MetricsText.value(metrics.body(), "hasp_lock_held_seconds_count{outcome=\"released\"}"))
                    .isEqualTo(1);

            assertThat(get(base.resolve("/nope")).statusCode()).isEqualTo(404);
            assertThat(HTTP.send(HttpRequest.newBuilder(base.resolve("/increment")).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
        }
    }

    @Test
    void aLockHeldElsewhereGives409WithAJsonErrorAfterTheWait() throws Exception {
        try (Instances instances = Instances.start(1, redis.uri(), Duration.ZERO, "--lock-wait", "50ms");
             Hasp other = Hasp.connect(redis.uri());
             Lease blocker = other.lock(CounterService.LOCK_NAME).tryAcquire().orElseThrow()) {
            HttpResponse<String> response = get(instances.uris().get(0).resolve("/increment"));
            assertThat(response.statusCode()).isEqualTo(409);
            assertThat(response.body()).contains("\"error\": \"lock timeout\"", "the lock stayed held for the whole lock wait of 50ms");
            Timing.await("the timeout recorded", LIVENESS,
                    () -> instances.get(0).metrics().count("hasp.lock.wait", "timed_out") == 1);
            assertThat(blocker.isValid()).isTrue();
        }
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
