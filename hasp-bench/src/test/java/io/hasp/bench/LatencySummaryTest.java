package io.hasp.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

    @Test
    void percentilesOfAKnownDistributionWithinHistogramPrecision() {
        Histogram histogram = new Histogram(3);
        for (long micros = 1; micros <= 1000; micros++) {
            histogram.recordValue(micros * 1000); // 1 µs .. 1000 µs, in nanoseconds
        }

        LatencySummary summary = LatencySummary.of(histogram);

        assertThat(summary.count()).isEqualTo(1000);
        assertThat(summary.p50Micros()).isCloseTo(500, within(0.5));
        assertThat(summary.p99Micros()).isCloseTo(990, within(1.0));
        assertThat(summary.maxMillis()).isCloseTo(1.0, within(0.001));
    }

    @Test
    void unitConversions() {
        LatencySummary summary = new LatencySummary(1, 2_500_000, 7_000_000, 9_000_000);

        assertThat(summary.p50Micros()).isEqualTo(2500.0);
        assertThat(summary.p50Millis()).isEqualTo(2.5);
        assertThat(summary.p99Millis()).isEqualTo(7.0);
        assertThat(summary.maxMillis()).isEqualTo(9.0);
    }

    @Test
    void anEmptyHistogramSummarisesToZeros() {
        assertThat(LatencySummary.of(new Histogram(3))).isEqualTo(LatencySummary.EMPTY);
    }
}
