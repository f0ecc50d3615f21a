package io.hasp.faults.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.faults.history.Type;
import org.junit.jupiter.api.Test;

class RecoveryAndPauseStatsTest {

    @Test
    void recoveryRunsFromTheFaultsEndToTheNextGrantedLeaseWithAnAppliedWrite() {
        RunModel model = new HandMadeHistory()
                .fault("pause-redis node0", 0, 1_000)
                // granted before the end: does not count
                .cycle("w1.1", 0, 1, 990, 0, 1)
                // granted after, but its write was rejected: does not count
                .acquire("w2.1", 0, 2, 1_100, 1_101).readInvoke("w2.1", 0, 2, 1_102, 0)
                .readRejected("w2.1", 0, 2, 1_103, 3)
                .cycle("w1.1", 0, 3, 1_200, 1, 4)
                .model();

        RecoveryStats stats = RecoveryStats.of(model).get("pause-redis");

        assertThat(stats.measured()).isEqualTo(1);
        assertThat(stats.unrecovered()).isZero();
        assertThat(stats.medianMillis()).isEqualTo(206.0);
    }

    @Test
    void overlappingFaultsAreNotMeasuredAndAFaultWithoutRecoveryIsCounted() {
        RunModel model = new HandMadeHistory()
                .fault("pause-redis node0", 0, 1_000)
                .fault("kill-worker w1.1", 900, 1_500)
                .fault("cut-worker w2.1", 2_000, 2_001)
                .model();

        var stats = RecoveryStats.of(model);

        assertThat(stats).doesNotContainKey("pause-redis");
        assertThat(stats.get("cut-worker").unrecovered()).isEqualTo(1);
        assertThat(stats.get("cut-worker").medianMillis()).isEqualTo(-1);
    }

    @Test
    void aFaultStartingBeforeTheRecoveryConfoundsIt() {
        RunModel model = new HandMadeHistory()
                .fault("cut-worker w1.1", 0, 10)
                .fault("kill-worker w2.1", 20, 21)
                .cycle("w1.1", 0, 1, 500, 0, 1)
                .fault("slow-worker w1.1", 1_000, 1_100)
                .cycle("w1.1", 0, 2, 1_200, 1, 3)
                .cycle("w1.1", 0, 3, 1_300, 2, 5)
                .model();

        var stats = RecoveryStats.of(model);

        assertThat(stats).doesNotContainKeys("cut-worker");
        assertThat(stats.get("kill-worker").medianMillis()).isEqualTo(485.0);
        assertThat(stats.get("slow-worker").medianMillis()).isEqualTo(106.0);
    }

    @Test
    void theMedianOfAnEvenCountIsTheLowerOne() {
        RunModel model = new HandMadeHistory()
                .fault("cut-worker w1.1", 0, 10).cycle("w1.1", 0, 1, 100, 0, 1)
                .fault("cut-worker w1.1", 1_000, 1_010).cycle("w1.1", 0, 2, 1_300, 1, 3)
                .model();

        RecoveryStats stats = RecoveryStats.of(model).get("cut-worker");

        assertThat(stats.medianMillis()).isEqualTo(96.0);
        assertThat(stats.maxMillis()).isEqualTo(296.0);
    }

    @Test
    void pausedHoldersAreFollowedThroughTheirWriteAndLossSignal() {
        RunModel model = new HandMadeHistory()
                .acquire("w1.1", 0, 1, 0, 1).read("w1.1", 0, 1, 2, 3, 0, 1)
                .fault("pause-holder w1.1", 4, 1_504)
                .lost("w1.1", 0, 1, 1_505)
                .write("w1.1", 0, 1, 1_505, 1_506, 0, 9, Type.FAIL)
                // released before the pause: not a paused holder
                .cycle("w1.1", 1, 0, -20, 0, 0)
                .model();

        PausedHolderStats stats = PausedHolderStats.of(model);

        assertThat(stats).isEqualTo(new PausedHolderStats(1, 1, 0, 1));
    }

    @Test
    void writesByHoldersFromBeforeARestartWithoutPersistenceAreCounted() {
        RunModel model = new HandMadeHistory()
                .acquire("w1.1", 0, 1, 0, 1).read("w1.1", 0, 1, 2, 3, 0, 1)
                .fault("restart-redis-holder w1.1 data-loss", 4, 300)
                .acquire("w2.1", 0, 2, 200, 201).read("w2.1", 0, 2, 202, 203, 0, 2)
                .write("w1.1", 0, 1, 301, 302, 0, 3, Type.FAIL)
                .write("w2.1", 0, 2, 303, 304, 0, 4, Type.OK)
                .model();

        DataLossStats stats = DataLossStats.of(model, StaleLeaseCheck.check(model));

        assertThat(stats).isEqualTo(new DataLossStats(1, 1, 1, 0));
    }
}
