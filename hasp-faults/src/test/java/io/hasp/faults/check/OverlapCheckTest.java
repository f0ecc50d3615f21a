package io.hasp.faults.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.faults.history.Type;
import org.junit.jupiter.api.Test;

class OverlapCheckTest {

    @Test
    void criticalSectionsThatFollowEachOtherAtTheResourceDoNotOverlap() {
        assertThat(OverlapCheck.check(new HandMadeHistory().serialCycles(10).model())).isEmpty();
    }

    @Test
    void interleavedCriticalSectionsWithBothWritesAppliedOverlap() {
        RunModel model = new HandMadeHistory()
                .acquire("w1.1", 0, 1, 0, 1).read("w1.1", 0, 1, 2, 3, 0, 1)
                .acquire("w2.1", 0, 2, 4, 5).read("w2.1", 0, 2, 6, 7, 0, 2)
                .write("w1.1", 0, 1, 8, 9, 0, 3, Type.OK)
                .write("w2.1", 0, 2, 10, 11, 0, 4, Type.OK)
                .model();

        assertThat(OverlapCheck.check(model)).singleElement()
                .satisfies(v -> assertThat(v.description()).contains("w2.1/t0 fence 2", "w1.1/t0 fence 1"));
    }

    @Test
    void anInterleavingIsFineWhenOneWriteWasRejectedByTheFence() {
        RunModel model = new HandMadeHistory()
                .acquire("w1.1", 0, 1, 0, 1).read("w1.1", 0, 1, 2, 3, 0, 1)
                .acquire("w2.1", 0, 2, 4, 5).read("w2.1", 0, 2, 6, 7, 0, 2)
                .write("w1.1", 0, 1, 8, 9, 0, 3, Type.FAIL)
                .write("w2.1", 0, 2, 10, 11, 0, 4, Type.OK)
                .model();

        assertThat(OverlapCheck.check(model)).isEmpty();
    }

    @Test
    void aWriteOfUnknownOutcomeCannotProveAnOverlap() {
        RunModel model = new HandMadeHistory()
                .acquire("w1.1", 0, 1, 0, 1).read("w1.1", 0, 1, 2, 3, 0, 1)
                .acquire("w2.1", 0, 2, 4, 5).read("w2.1", 0, 2, 6, 7, 0, 2)
                .write("w1.1", 0, 1, 8, 9, 0, -1, Type.INFO)
                .write("w2.1", 0, 2, 10, 11, 0, 4, Type.OK)
                .model();

        assertThat(OverlapCheck.check(model)).isEmpty();
    }

    @Test
    void clientTimesDoNotMatterOnlyTheResourceOrderDoes() {
        // w1 was frozen after its write was applied (seq 3) and logged the reply long after w2 began: no overlap.
        RunModel model = new HandMadeHistory()
                .acquire("w1.1", 0, 1, 0, 1).read("w1.1", 0, 1, 2, 3, 0, 1)
                .write("w1.1", 0, 1, 4, 2_000, 0, 2, Type.OK)
                .acquire("w2.1", 0, 2, 1_100, 1_101).read("w2.1", 0, 2, 1_102, 1_103, 1, 3)
                .write("w2.1", 0, 2, 1_104, 1_105, 1, 4, Type.OK)
                .model();

        assertThat(OverlapCheck.check(model)).isEmpty();
    }
}
