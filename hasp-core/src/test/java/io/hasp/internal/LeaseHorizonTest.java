package io.hasp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LeaseHorizonTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final LeaseHorizon horizon = new LeaseHorizon();
    private final long t0 = -7_000 * MS; // the ticker's origin is arbitrary

    @Test
    void nothingSentMeansNothingToWaitFor() {
        assertThat(horizon.longestLiveNanos(t0)).isZero();
    }

    @Test
    void aLeaseCountsUntilItEnds() {
        horizon.sent(1_000, t0);
        assertThat(horizon.longestLiveNanos(t0 + 999 * MS)).isEqualTo(1_000 * MS);
        assertThat(horizon.longestLiveNanos(t0 + 1_000 * MS)).isZero();
    }

    @Test
    void theLongestLiveLeaseCountsEvenWhenShorterOnesFollow() {
        horizon.sent(30_000, t0);
        horizon.sent(1_000, t0 + 100 * MS);
        assertThat(horizon.longestLiveNanos(t0 + 2_000 * MS)).isEqualTo(30_000 * MS);
        assertThat(horizon.longestLiveNanos(t0 + 29_999 * MS)).isEqualTo(30_000 * MS);
    }

    @Test
    void aLongLeaseThatExpiredNoLongerCounts() {
        horizon.sent(30_000, t0);
        horizon.sent(1_000, t0 + 31_000 * MS); // after the long lease ended: the record starts over
        assertThat(horizon.longestLiveNanos(t0 + 31_500 * MS)).isEqualTo(1_000 * MS);
        horizon.sent(1_000, t0 + 31_900 * MS);
        assertThat(horizon.longestLiveNanos(t0 + 32_800 * MS)).isEqualTo(1_000 * MS);
        assertThat(horizon.longestLiveNanos(t0 + 32_900 * MS)).isZero();
    }
}
