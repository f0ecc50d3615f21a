package io.hasp.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadTest {

    @Test
    void meanMinMaxAndRangeInPercentOfTheMean() {
        Spread spread = Spread.of(List.of(900.0, 1100.0, 1000.0));

        assertThat(spread.mean()).isEqualTo(1000.0);
        assertThat(spread.min()).isEqualTo(900.0);
        assertThat(spread.max()).isEqualTo(1100.0);
        assertThat(spread.count()).isEqualTo(3);
        assertThat(spread.percent()).isCloseTo(20.0, within(1e-9));
    }

    @Test
    void oneRepetitionHasNoSpread() {
        assertThat(Spread.of(List.of(42.0)).percent()).isZero();
    }

    @Test
    void allZeroIsNoSpreadButZeroMeanWithDifferentValuesIsUndefined() {
        assertThat(Spread.of(List.of(0.0, 0.0)).percent()).isZero();
        assertThat(Spread.of(List.of(-1.0, 1.0)).percent()).isNaN();
    }

    @Test
    void emptyIsRejected() {
        assertThatThrownBy(() -> Spread.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
