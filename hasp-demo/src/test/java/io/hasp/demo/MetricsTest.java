package io.hasp.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void histogramRendersCumulativeBucketsSumAndCount() {
        MetricHistogram h = new MetricHistogram("x_seconds", "help text");
        h.observe(Duration.ofMillis(3));
        h.observe(Duration.ofMillis(3));
        h.observe(Duration.ofSeconds(60));
        StringBuilder out = new StringBuilder();
        h.writeTo(out);
        assertThat(out.toString()).contains(
                "# HELP x_seconds help text\n",
                "# TYPE x_seconds histogram\n",
                "x_seconds_bucket{le=\"0.0025\"} 0\n",
                "x_seconds_bucket{le=\"0.005\"} 2\n",
                "x_seconds_bucket{le=\"30\"} 2\n",
                "x_seconds_bucket{le=\"+Inf\"} 3\n",
                "x_seconds_sum 60.006000\n",
                "x_seconds_count 3\n");
    }

    @Test
    void aValueOnABoundCountsInThatBucket() {
        MetricHistogram h = new MetricHistogram("y_seconds", "h");
        h.observe(Duration.ofMillis(100));
        StringBuilder out = new StringBuilder();
        h.writeTo(out);
        assertThat(out.toString()).contains("y_seconds_bucket{le=\"0.05\"} 0\n", "y_seconds_bucket{le=\"0.1\"} 1\n");
    }

    @Test
    void serviceMetricsNameEveryFamilyOnce() {
        ServiceMetrics metrics = new ServiceMetrics();
        metrics.timeouts.increment();
        String text = metrics.render();
        assertThat(text).contains("hasp_demo_lock_acquire_seconds_count 0", "hasp_demo_lock_wait_seconds_count 0",
                "hasp_demo_lock_hold_seconds_count 0", "hasp_demo_lock_timeouts_total 1",
                "hasp_demo_lost_leases_total 0", "hasp_demo_fenced_writes_rejected_total 0");
        assertThat(text.lines().filter(l -> l.startsWith("# TYPE"))).hasSize(8).doesNotHaveDuplicates();
    }

    @Test
    void percentilesUseTheNearestRank() {
        long[] sorted = new long[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = i + 1;
        }
        assertThat(LoadDriver.percentile(sorted, 50)).isEqualTo(Duration.ofNanos(50));
        assertThat(LoadDriver.percentile(sorted, 99)).isEqualTo(Duration.ofNanos(99));
        assertThat(LoadDriver.percentile(new long[] {7}, 99)).isEqualTo(Duration.ofNanos(7));
    }

    @Test
    void unsafeIsReadFromTheQuery() {
        assertThat(IncrementHandler.isUnsafe("unsafe=true")).isTrue();
        assertThat(IncrementHandler.isUnsafe("a=1&unsafe=true")).isTrue();
        assertThat(IncrementHandler.isUnsafe("unsafe=false")).isFalse();
        assertThat(IncrementHandler.isUnsafe(null)).isFalse();
    }
}
