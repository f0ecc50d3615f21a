package io.hasp.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisServerExtensionTest {

    @Test
    void rejectsFewerThanOneNode() {
        assertThatThrownBy(() -> RedisServerExtension.perClass().nodes(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("n must be at least 1 but was 0");
    }

    @Test
    void rejectsANullConfiguration() {
        assertThatThrownBy(() -> RedisServerExtension.perTest().configure(null))
                .isInstanceOf(NullPointerException.class).hasMessage("more");
    }
}
