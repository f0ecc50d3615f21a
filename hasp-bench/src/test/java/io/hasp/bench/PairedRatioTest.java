package io.hasp.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PairedRatioTest {

    @Test
    void theMedianIsOfTheRatiosOfEachRoundNotOfTheRates() {
        // The machine slows down 4x in round 3: compared round by round the peer is always 0.8x.
        PairedRatio ratio = PairedRatio.of(List.of(800.0, 800.0, 200.0), List.of(1000.0, 1000.0, 250.0));

        assertThat(ratio.median()).isCloseTo(0.8, within(1e-9));
        assertThat(ratio.lowerQuartile()).isCloseTo(0.8, within(1e-9));
        assertThat(ratio.upperQuartile()).isCloseTo(0.8, within(1e-9));
        assertThat(ratio.spreadPercent()).isCloseTo(0, within(1e-9));
        assertThat(ratio.pairs()).isEqualTo(3);
    }

    @Test
    void readTheOtherWayRoundItIsExactlyTheReciprocal() {
        List<Double> ours = List.of(900.0, 1100.0, 700.0, 1000.0);
        List<Double> peer = List.of(1000.0, 1000.0, 1000.0, 800.0);

        PairedRatio forward = PairedRatio.of(ours, peer);
        PairedRatio backward = PairedRatio.of(peer, ours);

        assertThat(forward.median() * backward.median()).isCloseTo(1, within(1e-12));
        assertThat(forward.lowerQuartile() * backward.upperQuartile()).isCloseTo(1, within(1e-12));
        // An even count's median is the geometric mean of the middle two ratios, 0.9 and 1.1.
        assertThat(forward.median()).isCloseTo(Math.sqrt(0.9 * 1.1), within(1e-12));
    }

    @Test
    void quartilesSpanTheMiddleHalfOfTheRounds() {
        PairedRatio ratio = PairedRatio.of(List.of(1.0, 2.0, 4.0, 8.0, 16.0), List.of(1.0, 1.0, 1.0, 1.0, 1.0));

        assertThat(ratio.median()).isCloseTo(4, within(1e-9));
        assertThat(ratio.lowerQuartile()).isCloseTo(2, within(1e-9));
        assertThat(ratio.upperQuartile()).isCloseTo(8, within(1e-9));
        assertThat(ratio.spreadPercent()).isCloseTo(150, within(1e-9));
    }

    @Test
    void aRoundInWhichEitherSliceCompletedNothingHasNoRatio() {
        PairedRatio ratio = PairedRatio.of(List.of(0.0, 500.0, 600.0), List.of(1000.0, 0.0, 600.0));

        assertThat(ratio.pairs()).isEqualTo(1);
        assertThat(ratio.median()).isEqualTo(1.0);
        PairedRatio none = PairedRatio.of(List.of(), List.of());
        assertThat(none.pairs()).isZero();
        assertThat(none.median()).isNaN();
    }

    @Test
    void ratesOfDifferentRoundCountsAreRejected() {
        assertThatThrownBy(() -> PairedRatio.of(List.of(1.0, 2.0), List.of(1.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 and 1");
    }
}
