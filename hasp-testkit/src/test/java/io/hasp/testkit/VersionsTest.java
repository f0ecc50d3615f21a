package io.hasp.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VersionsTest {

    @Test
    void parsesVersionOutput() {
        assertThat(Versions.fromVersionOutput("Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64"))
                .isEqualTo("7.0.15");
    }

    @Test
    void comparesNumericallyPartByPart() {
        assertThat(Versions.atLeast("8.4.0", "8.4")).isTrue();
        assertThat(Versions.atLeast("8.10", "8.4")).isTrue();
        assertThat(Versions.atLeast("7.0.15", "8.4")).isFalse();
        assertThat(Versions.compare("6.2.11", "6.2.6")).isPositive();
    }

    @Test
    void rejectsGarbage() {
        assertThatThrownBy(() -> Versions.compare("eight", "8")).hasMessageContaining("eight");
        assertThatThrownBy(() -> Versions.fromVersionOutput("hello")).isInstanceOf(TestkitException.class);
    }
}
