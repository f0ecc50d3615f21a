package io.hasp.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

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
    void latencyPercentilesComeFromAnHdrHistogramWithinATenthOfAPercent() {
        long[] nanos = new long[100];
        for (int i = 0; i < 100; i++) {
            nanos[i] = (100 - i) * 1_000_000L; // 1 ms to 100 ms, unsorted
        }
        var histogram = LoadDriver.latencyHistogram(nanos);
        assertThat(histogram.getValueAtPercentile(50)).isCloseTo(50_000_000L, withinPercentage(0.1));
        assertThat(histogram.getValueAtPercentile(99)).isCloseTo(99_000_000L, withinPercentage(0.1));
        assertThat(LoadDriver.latencyHistogram(new long[] {7}).getValueAtPercentile(99)).isEqualTo(7);
    }

    @Test
    void unsafeIsReadFromTheQuery() {
        assertThat(IncrementHandler.isUnsafe("unsafe=true")).isTrue();
        assertThat(IncrementHandler.isUnsafe("a=1&unsafe=true")).isTrue();
        assertThat(IncrementHandler.isUnsafe("unsafe=false")).isFalse();
        assertThat(IncrementHandler.isUnsafe(null)).isFalse();
    }
}
