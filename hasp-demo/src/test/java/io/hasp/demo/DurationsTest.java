package io.hasp.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void readsTheUnitsPeopleType() {
        assertThat(Durations.parse("100ms")).isEqualTo(Duration.ofMillis(100));
        assertThat(Durations.parse("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("0.5ms")).isEqualTo(Duration.ofNanos(500_000));
        assertThat(Durations.parse("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
    }

    @Test
    void formatsSoThatParseReadsItBack() {
        for (Duration d : new Duration[] {Duration.ofMillis(5), Duration.ofMillis(100), Duration.ofMillis(1500),
            Duration.ofSeconds(30), Duration.ofMillis(2001)}) {
            assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
        }
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(Durations.format(Duration.ofMillis(5))).isEqualTo("5ms");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m");
        assertThat(Durations.format(Duration.ofDays(7))).isEqualTo("168h");
    }

    @Test
    void badTextSaysWhatIsWrongWithIt() {
        assertThatThrownBy(() -> Durations.parse("-5ms")).hasMessage("must not be negative, got '-5ms'");
        assertThatThrownBy(() -> Durations.parse("100")).hasMessage("needs a unit (ms, s, m or h), got '100'");
        assertThatThrownBy(() -> Durations.parse("fast")).hasMessageStartingWith("must be a duration such as");
    }
}
