package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WaiterHeartbeatTest {

    @Test
    void defaultsToTwoSecondsAndTakesPartInEquality() {
        assertThat(LockOptions.defaults().waiterHeartbeat()).isEqualTo(Duration.ofSeconds(2));
        LockOptions shorter = LockOptions.builder().waiterHeartbeat(Duration.ofMillis(500)).build();
        assertThat(shorter).isNotEqualTo(LockOptions.defaults());
        assertThat(shorter.toBuilder().build()).isEqualTo(shorter);
        assertThat(shorter.toString()).contains("waiterHeartbeat=PT0.5S");
    }

    @Test
    void refusesWindowsOutOfRangeNamingTheArgument() {
        assertThatThrownBy(() -> LockOptions.builder().waiterHeartbeat(Duration.ofMillis(99)))
                .isInstanceOf(HaspArgumentException.class).hasMessageContaining("waiterHeartbeat")
                .hasMessageContaining("PT0.099S");
        assertThatThrownBy(() -> LockOptions.builder().waiterHeartbeat(Duration.ofMinutes(11)))
                .isInstanceOf(HaspArgumentException.class).hasMessageContaining("waiterHeartbeat");
        assertThatThrownBy(() -> LockOptions.builder().waiterHeartbeat(null))
                .isInstanceOf(HaspArgumentException.class).hasMessageContaining("waiterHeartbeat");
    }
}
