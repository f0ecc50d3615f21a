package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void ceilingDoublesUntilTheCap() {
        Backoff backoff = Backoff.exponential(Duration.ofMillis(1), Duration.ofMillis(100));
        assertThat(backoff.ceilingNanos(0)).isEqualTo(1_000_000L);
        assertThat(backoff.ceilingNanos(1)).isEqualTo(2_000_000L);
        assertThat(backoff.ceilingNanos(6)).isEqualTo(64_000_000L);
        assertThat(backoff.ceilingNanos(7)).isEqualTo(100_000_000L);
        assertThat(backoff.ceilingNanos(1000)).isEqualTo(100_000_000L);
    }

    @Test
    void delaysAreFullyJitteredWithinTheCeiling() {
        Backoff backoff = Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(80));
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 10_000; i++) {
            long d = backoff.delayNanos(3);
            assertThat(d).isBetween(0L, 80_000_000L);
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        // Full jitter spreads over the whole range, not just near the ceiling.
        assertThat(min).isLessThan(8_000_000L);
        assertThat(max).isGreaterThan(72_000_000L);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> Backoff.exponential(Duration.ZERO, Duration.ofMillis(1)))
                .isInstanceOf(HaspArgumentException.class).hasMessageContaining("initial");
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofMillis(5), Duration.ofMillis(1)))
                .isInstanceOf(HaspArgumentException.class).hasMessageContaining("max");
    }
}
