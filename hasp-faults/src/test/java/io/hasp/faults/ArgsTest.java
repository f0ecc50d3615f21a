package io.hasp.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgsTest {
    private static final Set<String> KNOWN = Set.of("duration", "seed");

    @Test
    void optionsAndDurationsParse() {
        Args args = Args.parse(new String[] {"--duration", "10m", "--seed", "7"}, KNOWN);

        assertThat(args.duration("duration", Duration.ZERO)).isEqualTo(Duration.ofMinutes(10));
        assertThat(args.number("seed", 1)).isEqualTo(7);
        assertThat(Args.parseDuration("d", "1500ms")).isEqualTo(Duration.ofMillis(1_500));
        assertThat(Args.parseDuration("d", "90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Args.parseDuration("d", "1h")).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void badInputNamesTheOptionAndTheValue() {
        assertThatThrownBy(() -> Args.parse(new String[] {"--speed", "9"}, KNOWN))
                .hasMessageContaining("--speed");
        assertThatThrownBy(() -> Args.parse(new String[] {"--seed"}, KNOWN)).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> Args.parse(new String[] {"--seed", "x"}, KNOWN).number("seed", 1))
                .hasMessageContaining("--seed").hasMessageContaining("'x'");
        assertThatThrownBy(() -> Args.parseDuration("duration", "10 minutes"))
                .hasMessageContaining("--duration").hasMessageContaining("'10 minutes'");
    }
}
