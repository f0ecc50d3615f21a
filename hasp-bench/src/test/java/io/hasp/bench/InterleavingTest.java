package io.hasp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class InterleavingTest {

    @Test
    void theOrderIsReversedEveryOtherRound() {
        assertThat(Interleaving.order(2, 0)).containsExactly(0, 1);
        assertThat(Interleaving.order(2, 1)).containsExactly(1, 0);
        assertThat(Interleaving.order(3, 2)).containsExactly(0, 1, 2);
        assertThat(Interleaving.order(3, 3)).containsExactly(2, 1, 0);
    }

    @Test
    void aWindowIsCutIntoSlicesOfAboutTheSliceLengthAndAtLeastOne() {
        assertThat(Interleaving.rounds(Duration.ofSeconds(2), Duration.ofMillis(400))).isEqualTo(5);
        assertThat(Interleaving.rounds(Duration.ofSeconds(3), Duration.ofMillis(400))).isEqualTo(8);
        assertThat(Interleaving.rounds(Duration.ofMillis(300), Duration.ofMillis(400))).isEqualTo(1);
    }
}
