package io.hasp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NodeBreakerTest {
    private static final long SPACING = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long COOL_DOWN = TimeUnit.SECONDS.toNanos(1);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicInteger openings = new AtomicInteger();
    private final AtomicInteger closings = new AtomicInteger();
    private final NodeBreaker breaker = new NodeBreaker(3, COOL_DOWN, SPACING, now::get, openings::incrementAndGet,
            closings::incrementAndGet);

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

    @Test
    void eachOpeningAndClosingIsToldOnce() {
        breaker.onSuccess(); // closed already: nothing to tell
        assertThat(closings).hasValue(0);
        breaker.trip();
        breaker.trip();
        for (int i = 0; i < 5; i++) {
            advance(SPACING);
            breaker.onFailure(); // open already
        }
        assertThat(openings).hasValue(1);
        advance(COOL_DOWN);
        assertThat(breaker.claimProbe()).isTrue();
        breaker.probeFailed(); // stays open: no new opening
        assertThat(openings).hasValue(1);
        breaker.onSuccess(); // a late answer closes it
        breaker.onSuccess();
        advance(COOL_DOWN);
        breaker.probeSucceeded();
        assertThat(closings).hasValue(1);
        for (int i = 0; i < 3; i++) {
            advance(SPACING);
            breaker.onFailure();
        }
        assertThat(openings).hasValue(2);
        assertThat(breaker.isClosed()).isFalse();
    }

    @Test
    void concurrentSuccessesCloseAnOpenBreakerOnce() throws Exception {
        for (int round = 0; round < 200; round++) {
            breaker.trip();
            int before = closings.get();
            Thread[] threads = new Thread[4];
            CountDownLatch start = new CountDownLatch(1);
            for (int t = 0; t < threads.length; t++) {
                threads[t] = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    breaker.onSuccess();
                });
                threads[t].start();
            }
            start.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(closings.get() - before).isEqualTo(1);
        }
        assertThat(openings).hasValue(200);
    }

    private void advance(long nanos) {
        now.addAndGet(nanos);
    }
}
