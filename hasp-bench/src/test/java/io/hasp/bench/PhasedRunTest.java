package io.hasp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class PhasedRunTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final AtomicLong locks = new AtomicLong();
    private final AtomicLong unlocks = new AtomicLong();
    private final LockClient client = LockClient.of(key -> {
        locks.incrementAndGet();
        LockSupport.parkNanos(100_000);
        return unlocks::incrementAndGet;
    }, () -> { });

    @Test
    void aWindowClosedByAPauseCountsExactlyTheCyclesRunInIt() throws InterruptedException {
        PhasedRun run = PhasedRun.startPaused(List.of(assignment("a"), assignment("b")), PhasedRun.Timed.CYCLE);

        run.warmUp();
        Timing.await("warm-up cycles", TIMEOUT, () -> locks.get() > 50);
        run.pause();
        long warm = locks.get();
        assertThat(unlocks.get()).isEqualTo(warm);
        assertThat(run.cyclesRun()).isEqualTo(warm);
        assertThat(run.measuredCycles()).isZero();

        run.beginWindow();
        Timing.await("measured cycles", TIMEOUT, () -> locks.get() > warm + 50);
        run.pause();
        long measured = locks.get() - warm;
        assertThat(unlocks.get()).isEqualTo(locks.get());
        assertThat(run.measuredCycles()).isEqualTo(measured);

        run.endWindow();
        run.join();
        assertThat(locks.get()).isEqualTo(warm + measured);
        assertThat(run.cyclesRun()).isEqualTo(warm + measured);
    }

    private PhasedRun.Assignment assignment(String key) {
        return new PhasedRun.Assignment(client, key);
    }
}
