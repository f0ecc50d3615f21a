package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bad Redlock configuration fails at once with a message that says why, before anything is sent to Redis. */
class RedlockArgumentsTest {

    @Test
    void twoServersAreRefusedBecauseLosingEitherStopsEveryLock() {
        assertThatThrownBy(() -> Hasp.connect("redis://127.0.0.1:7001", "redis://127.0.0.1:7002"))
                .isInstanceOf(HaspArgumentException.class)
                .hasMessageContaining("2 Redis servers").hasMessageContaining("odd number of at least 3");
    }

    @Test
    void anEvenNumberIsRefusedBecauseItAddsAFailureWithoutAddingTolerance() {
        assertThatThrownBy(() -> Hasp.builder().uris("redis://h:1", "redis://h:2", "redis://h:3", "redis://h:4"))
                .isInstanceOf(HaspArgumentException.class)
                .hasMessageContaining("4 Redis servers").hasMessageContaining("use 3 or 5");
    }

    @Test
    void theSameServerTwiceIsNotIndependent() {
        assertThatThrownBy(() -> Hasp.builder().uris("redis://h:1", "redis://h:2", "redis://h:1/3"))
                .isInstanceOf(HaspArgumentException.class).hasMessageContaining("h:1 twice");
    }

    @Test
    void badUrisAndMixedSettersAreNamed() {
        assertThatThrownBy(() -> Hasp.builder().uris("redis://h:1", "http://h:2", "redis://h:3"))
                .isInstanceOf(HaspArgumentException.class).hasMessageContaining("http://h:2");
        assertThatThrownBy(() -> Hasp.builder().uris()).isInstanceOf(HaspArgumentException.class)
                .hasMessageContaining("at least one");
        assertThatThrownBy(() -> Hasp.builder().uri("redis://h:1").uris("redis://h:2", "redis://h:3", "redis://h:4"))
                .isInstanceOf(HaspArgumentException.class).hasMessageContaining("already set");
        // One or three servers are fine (nothing connects until build()).
        Hasp.builder().uris("redis://h:1");
        Hasp.builder().uris("redis://h:1", "redis://h:2", "redis://h:3");
    }

    @Test
    void aNodeTimeoutLongerThanTheCommandTimeoutIsRefusedBeforeConnecting() {
        // Port 1 on loopback: were anything connected, the build would fail as unavailable instead.
        HaspBuilder fixed = Hasp.builder().uris("redis://127.0.0.1:1", "redis://127.0.0.1:2", "redis://127.0.0.1:3")
                .redlock(RedlockOptions.builder().nodeTimeout(Duration.ofSeconds(3)).build());
        assertThatThrownBy(fixed::build).isInstanceOf(HaspArgumentException.class)
                .hasMessageContaining("nodeTimeout of 3000 ms").hasMessageContaining("commandTimeout of 2000 ms");
        HaspBuilder automatic = Hasp.builder().uris("redis://127.0.0.1:1", "redis://127.0.0.1:2",
                "redis://127.0.0.1:3").commandTimeout(Duration.ofMillis(30));
        assertThatThrownBy(automatic::build).isInstanceOf(HaspArgumentException.class)
                .hasMessageContaining("automatic Redlock per-node timeout, which reaches 50 ms")
                .hasMessageContaining("commandTimeout of 30 ms");
    }

    @Test
    void theAutomaticNodeTimeoutIsOnePercentOfTheLeaseBetween25And50MsButAtMostFivePercent() {
        RedlockOptions options = RedlockOptions.defaults();
        assertThat(options.nodeTimeoutNanos(30_000)).isEqualTo(Duration.ofMillis(50).toNanos());
        assertThat(options.nodeTimeoutNanos(4_000)).isEqualTo(Duration.ofMillis(40).toNanos());
        assertThat(options.nodeTimeoutNanos(1_000)).isEqualTo(Duration.ofMillis(25).toNanos()); // the floor
        assertThat(options.nodeTimeoutNanos(500)).isEqualTo(Duration.ofMillis(25).toNanos());
        assertThat(options.nodeTimeoutNanos(200)).isEqualTo(Duration.ofMillis(10).toNanos()); // 5% of the lease
        assertThat(options.nodeTimeoutNanos(100)).isEqualTo(Duration.ofMillis(5).toNanos());
        RedlockOptions fixed = RedlockOptions.builder().nodeTimeout(Duration.ofMillis(120)).build();
        assertThat(fixed.nodeTimeoutNanos(30_000)).isEqualTo(Duration.ofMillis(120).toNanos());
        assertThat(fixed.toBuilder().build()).isEqualTo(fixed);
    }

    @Test
    void redlockOptionsValidateEachSetting() {
        RedlockOptions.Builder b = RedlockOptions.builder();
        assertThatThrownBy(() -> b.nodeTimeout(Duration.ZERO)).isInstanceOf(HaspArgumentException.class)
                .hasMessageContaining("nodeTimeout");
        assertThatThrownBy(() -> b.nodeTimeout(Duration.ofSeconds(11))).isInstanceOf(HaspArgumentException.class)
                .hasMessageContaining("PT11S");
        assertThatThrownBy(() -> b.breakerThreshold(0)).isInstanceOf(HaspArgumentException.class)
                .hasMessageContaining("breakerThreshold");
        assertThatThrownBy(() -> b.breakerCoolDown(Duration.ofMillis(-1))).isInstanceOf(HaspArgumentException.class)
                .hasMessageContaining("breakerCoolDown");
        assertThatThrownBy(() -> b.restartQuarantine(Duration.ofDays(8))).isInstanceOf(HaspArgumentException.class)
                .hasMessageContaining("restartQuarantine");
        assertThat(b.restartQuarantine(Duration.ZERO).build().restartQuarantine()).contains(Duration.ZERO);
    }
}
