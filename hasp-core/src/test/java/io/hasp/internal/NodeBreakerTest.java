package io.hasp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NodeBreakerTest {
    private static final long SPACING = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long COOL_DOWN = TimeUnit.SECONDS.toNanos(1);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final NodeBreaker breaker = new NodeBreaker(3, COOL_DOWN, SPACING, now::get);

    @Test
    void opensAfterThreeFailuresSpreadOverTime() {
        assertThat(breaker.onFailure()).isFalse();
        advance(SPACING);
        assertThat(breaker.onFailure()).isFalse();
        assertThat(breaker.isClosed()).isTrue();
        advance(SPACING);
        assertThat(breaker.onFailure()).isTrue();
        assertThat(breaker.isClosed()).isFalse();
    }

    @Test
    void manyFailuresOfOneStallCountOnce() {
        for (int i = 0; i < 50; i++) {
            breaker.onFailure();
        }
        assertThat(breaker.isClosed()).isTrue();
    }

    @Test
    void aSuccessStartsTheCountAgain() {
        breaker.onFailure();
        advance(SPACING);
        breaker.onFailure();
        breaker.onSuccess();
        advance(SPACING);
        breaker.onFailure();
        advance(SPACING);
        breaker.onFailure();
        assertThat(breaker.isClosed()).isTrue();
    }

    @Test
    void exactlyOneProbeAfterTheCoolDownAndItsOutcomeDecides() {
        breaker.trip();
        assertThat(breaker.claimProbe()).isFalse();
        advance(COOL_DOWN);
        assertThat(breaker.claimProbe()).isTrue();
        assertThat(breaker.claimProbe()).isFalse();

        breaker.probeFailed(); // a new cool-down from now
        assertThat(breaker.isClosed()).isFalse();
        advance(COOL_DOWN - 1);
        assertThat(breaker.claimProbe()).isFalse();
        advance(1);
        assertThat(breaker.claimProbe()).isTrue();

        breaker.probeSucceeded();
        assertThat(breaker.isClosed()).isTrue();
        assertThat(breaker.claimProbe()).isFalse();
    }

    private void advance(long nanos) {
        now.addAndGet(nanos);
    }
}
