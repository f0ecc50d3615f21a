package io.hasp.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TimingTest {
    private String previous;

    @BeforeEach
    void remember() {
        previous = System.getProperty(Timing.FACTOR_PROPERTY);
    }

    @AfterEach
    void restore() {
        if (previous == null) {
            System.clearProperty(Timing.FACTOR_PROPERTY);
        } else {
            System.setProperty(Timing.FACTOR_PROPERTY, previous);
        }
    }

    @Test
    void defaultsToOne() {
        System.clearProperty(Timing.FACTOR_PROPERTY);

        assertThat(Timing.factor()).isEqualTo(1.0);
        assertThat(Timing.scaled(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void scalesByTheProperty() {
        System.setProperty(Timing.FACTOR_PROPERTY, "2.5");

        assertThat(Timing.scaled(Duration.ofMillis(400))).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void rejectsANonPositiveFactorNamingIt() {
        System.setProperty(Timing.FACTOR_PROPERTY, "-1");

        assertThatThrownBy(Timing::factor).hasMessageContaining(Timing.FACTOR_PROPERTY).hasMessageContaining("-1");
    }

    @Test
    void awaitReturnsOnceTheConditionHoldsAndFailsWithWhatItWaitedFor() {
        long start = System.nanoTime();
        Timing.await("a clock tick", Duration.ofSeconds(5), () -> System.nanoTime() - start > 20_000_000);

        assertThatThrownBy(() -> Timing.await("the impossible", Duration.ofMillis(30), () -> false))
                .isInstanceOf(TestkitException.class)
                .hasMessageContaining("the impossible");
    }
}
