package io.hasp.faults.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.faults.history.Type;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StuckWaiterCheckTest {
    private static final Duration MARGIN = Duration.ofMillis(500);

    @Test
    void acquiresCompletingWithinTheirWaitAreFine() {
        RunModel model = new HandMadeHistory().start("w1.1", 0)
                .acquireInvoke("w1.1", 0, 10, "watchdog", 1_000).acquireDone("w1.1", 0, Type.FAIL, 1_510)
                .exit("w1.1", 5_000).model();

        assertThat(StuckWaiterCheck.check(model, MARGIN)).isEmpty();
    }

    @Test
    void anAcquireThatNeverCompletesWhileItsProcessLivesIsStuck() {
        RunModel model = new HandMadeHistory().start("w1.1", 0)
                .acquireInvoke("w1.1", 0, 10, "watchdog", 1_000)
                .exit("w1.1", 5_000).model();

        assertThat(StuckWaiterCheck.check(model, MARGIN)).singleElement()
                .satisfies(v -> assertThat(v.description()).contains("w1.1/t0", "never completed"));
    }

    @Test
    void anAcquireCompletingPastItsWaitAndMarginIsStuck() {
        RunModel model = new HandMadeHistory().start("w1.1", 0)
                .acquireInvoke("w1.1", 0, 10, "watchdog", 1_000).acquireDone("w1.1", 0, Type.FAIL, 2_100)
                .exit("w1.1", 5_000).model();

        assertThat(StuckWaiterCheck.check(model, MARGIN)).singleElement()
                .satisfies(v -> assertThat(v.description()).contains("completed after 2090 ms"));
    }

    @Test
    void aProcessKilledBeforeTheDeadlineProvesNothing() {
        RunModel model = new HandMadeHistory().start("w1.1", 0)
                .acquireInvoke("w1.1", 0, 10, "watchdog", 1_000)
                .fault("kill-worker w1.1", 500, 510).model();

        assertThat(StuckWaiterCheck.check(model, MARGIN)).isEmpty();
    }

    @Test
    void timeFrozenByAPauseIsAddedToTheDeadline() {
        RunModel model = new HandMadeHistory().start("w1.1", 0)
                .acquireInvoke("w1.1", 0, 10, "watchdog", 1_000)
                .fault("pause-holder w1.1", 100, 1_600)
                .acquireDone("w1.1", 0, Type.FAIL, 3_400)
                .exit("w1.1", 9_000).model();

        assertThat(StuckWaiterCheck.check(model, MARGIN)).isEmpty();
    }

    @Test
    void aHolderFrozenDuringARestartHasItsDeadlineExtendedToo() {
        RunModel model = new HandMadeHistory().start("w1.1", 0)
                .acquireInvoke("w1.1", 0, 10, "watchdog", 1_000)
                .fault("restart-redis-holder w1.1 data-loss", 100, 1_600)
                .acquireDone("w1.1", 0, Type.FAIL, 3_400)
                .exit("w1.1", 9_000).model();

        assertThat(StuckWaiterCheck.check(model, MARGIN)).isEmpty();
    }

    @Test
    void aStallOfTheWholeHostIsAddedToTheDeadline() {
        RunModel model = new HandMadeHistory().start("w1.1", 0)
                .acquireInvoke("w1.1", 0, 10, "watchdog", 1_000)
                .stall(500, 2_500)
                .acquireDone("w1.1", 0, Type.INFO, 3_900)
                .exit("w1.1", 9_000).model();

        assertThat(StuckWaiterCheck.check(model, MARGIN)).isEmpty();
    }

    @Test
    void aStallForgivesOnlyItsOwnLength() {
        RunModel model = new HandMadeHistory().start("w1.1", 0)
                .acquireInvoke("w1.1", 0, 10, "watchdog", 1_000)
                .stall(500, 1_000)
                .acquireDone("w1.1", 0, Type.INFO, 3_900)
                .exit("w1.1", 9_000).model();

        assertThat(StuckWaiterCheck.check(model, MARGIN)).hasSize(1);
    }

    @Test
    void aPauseOfAnotherProcessDoesNotExtendTheDeadline() {
        RunModel model = new HandMadeHistory().start("w1.1", 0)
                .acquireInvoke("w1.1", 0, 10, "watchdog", 1_000)
                .fault("pause-holder w2.1", 100, 1_600)
                .acquireDone("w1.1", 0, Type.FAIL, 3_400)
                .exit("w1.1", 9_000).model();

        assertThat(StuckWaiterCheck.check(model, MARGIN)).hasSize(1);
    }
}
