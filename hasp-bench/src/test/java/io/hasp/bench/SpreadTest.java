package io.hasp.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadTest {

    @Test
    void medianOfAnOddCountIsTheMiddleValueWhateverTheOrder() {
        Spread spread = Spread.of(List.of(1100.0, 200.0, 1000.0));

        assertThat(spread.median()).isEqualTo(1000.0);
        assertThat(spread.min()).isEqualTo(200.0);
        assertThat(spread.max()).isEqualTo(1100.0);
        assertThat(spread.count()).isEqualTo(3);
        assertThat(spread.percent()).isCloseTo(90.0, within(1e-9));
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
        Spread spread = Spread.of(List.of(900.0, 1100.0));

        assertThat(spread.median()).isEqualTo(1000.0);
        assertThat(spread.percent()).isCloseTo(20.0, within(1e-9));
    }

    @Test
    void oneRepetitionHasNoSpread() {
        Spread spread = Spread.of(List.of(42.0));

        assertThat(spread.median()).isEqualTo(42.0);
        assertThat(spread.percent()).isZero();
    }

    @Test
    void allZeroIsNoSpreadButAZeroMedianWithDifferentValuesIsUndefined() {
        assertThat(Spread.of(List.of(0.0, 0.0)).percent()).isZero();
        assertThat(Spread.of(List.of(-1.0, 1.0)).percent()).isNaN();
    }

    @Test
    void emptyIsRejected() {
        assertThatThrownBy(() -> Spread.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
