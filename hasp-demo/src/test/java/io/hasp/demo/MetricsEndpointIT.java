package io.hasp.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /metrics} is Micrometer's Prometheus registry with hasp-micrometer bound to the service's Hasp client: after
 * a load, the lock's wait and hold timers count exactly the requests served under the lock.
 */
@ExtendWith(RedisServerExtension.class)
class MetricsEndpointIT {
    private static final int REQUESTS = 60;
    private static final Duration LIVENESS = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String WAITED = "hasp_lock_wait_seconds_count{outcome=\"granted\"}";
    private static final String HELD = "hasp_lock_held_seconds_count{outcome=\"released\"}";

    @Test
    void waitAndHoldTimersCountEveryRequestServed(RedisServer redis) throws Exception {
        try (Instances instances = Instances.start(1, redis.uri(), Duration.ofMillis(1))) {
            URI metrics = instances.uris().get(0).resolve("/metrics");
            assertThat(MetricsText.value(scrape(metrics), WAITED)).as("no acquire yet").isIn(-1L, 0L);

            LoadReport report = new LoadDriver().run(LoadPlan.of(instances.uris(), REQUESTS, 8, false),
                    LoadDriver.Progress.NONE);
            assertThat(report.successes()).isEqualTo(REQUESTS);
            assertThat(report.exact()).isTrue();

            // The lock's events reach the registry on the client's executor, just after each reply: wait for the last.
            Timing.await("every acquire and release recorded", LIVENESS, () -> {
                String text = scrape(metrics);
                return MetricsText.value(text, WAITED) >= REQUESTS && MetricsText.value(text, HELD) >= REQUESTS;
            });
            String text = scrape(metrics);
            assertThat(MetricsText.value(text, WAITED)).isEqualTo(REQUESTS);
            assertThat(MetricsText.value(text, HELD)).isEqualTo(REQUESTS);
            assertThat(MetricsText.value(text, "hasp_demo_increments_total{mode=\"locked\"}")).isEqualTo(REQUESTS);
            assertThat(MetricsText.value(text, "hasp_lock_wait_seconds_count{outcome=\"timed_out\"}")).isIn(-1L, 0L);
            assertThat(MetricsText.value(text, "hasp_lock_held_seconds_count{outcome=\"expired\"}")).isIn(-1L, 0L);
            assertThat(MetricsText.value(text, "hasp_lock_held_leases")).isZero();
            assertThat(MetricsText.value(text, "hasp_lock_waiters")).isZero();
        }
    }

    private static String scrape(URI metrics) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(metrics).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new AssertionError("GET " + metrics + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
