package io.hasp.faults.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.faults.history.Type;
import org.junit.jupiter.api.Test;

class LostUpdateCheckTest {

    @Test
    void aChainOfAppliedWritesEndingAtTheFinalValueLosesNothing() {
        LostUpdateFindings found = LostUpdateCheck.check(new HandMadeHistory().serialCycles(20).finalValue(20).model());

        assertThat(found.violations()).isEmpty();
        assertThat(found.appliedWrites()).isEqualTo(20);
        assertThat(found.expectedFinal()).isEqualTo(20);
        assertThat(found.finalValue()).isEqualTo(20);
    }

    @Test
    void aWriteBasedOnAStaleReadLosesAnUpdate() {
        RunModel model = new HandMadeHistory().serialCycles(3)
                // token 9 read 1 long ago and writes 2 over the 3 that is there
                .acquire("w3.1", 0, 9, 100, 101).read("w3.1", 0, 9, 101, 102, 1, 2)
                .write("w3.1", 0, 9, 102, 103, 1, 50, Type.OK)
                .finalValue(2)
                .model();

        LostUpdateFindings found = LostUpdateCheck.check(model);

        assertThat(found.violations()).singleElement()
                .satisfies(v -> assertThat(v.description()).contains("read of 1", "left 3"));
    }

    @Test
    void aFinalValueThatNoAppliedWriteExplainsIsALostUpdate() {
        LostUpdateFindings found = LostUpdateCheck.check(new HandMadeHistory().serialCycles(5).finalValue(4).model());

        assertThat(found.violations()).singleElement()
                .satisfies(v -> assertThat(v.description()).contains("ended at 4", "end at 5"));
    }

    @Test
    void writesOfUnknownOutcomeFillAGapInTheChainAsJepsenWould() {
        RunModel model = new HandMadeHistory()
                .cycle("w1.1", 0, 1, 0, 0, 1)
                // token 2 wrote 2 but never heard back: it may have happened
                .acquire("w2.1", 0, 2, 20, 21).read("w2.1", 0, 2, 22, 23, 1, 3)
                .write("w2.1", 0, 2, 24, 30, 1, -1, Type.INFO)
                // token 3 read 2, so token 2's write did happen
                .cycle("w1.1", 0, 3, 40, 2, 5)
                .finalValue(3)
                .model();

        LostUpdateFindings found = LostUpdateCheck.check(model);

        assertThat(found.violations()).isEmpty();
        assertThat(found.indeterminateApplied()).isEqualTo(1);
        assertThat(found.expectedFinal()).isEqualTo(3);
    }

    @Test
    void aWriteOfUnknownOutcomeThatDidNotHappenIsNoViolation() {
        RunModel model = new HandMadeHistory()
                .cycle("w1.1", 0, 1, 0, 0, 1)
                .acquire("w2.1", 0, 2, 20, 21).read("w2.1", 0, 2, 22, 23, 1, 3)
                .write("w2.1", 0, 2, 24, 30, 1, -1, Type.INFO)
                .cycle("w1.1", 0, 3, 40, 1, 5)
                .finalValue(2)
                .model();

        LostUpdateFindings found = LostUpdateCheck.check(model);

        assertThat(found.violations()).isEmpty();
        assertThat(found.indeterminateApplied()).isZero();
    }

    @Test
    void aGapThatUnknownWritesCannotFillIsALostUpdate() {
        RunModel model = new HandMadeHistory()
                .cycle("w1.1", 0, 1, 0, 0, 1)
                .cycle("w1.1", 0, 2, 20, 3, 3)
                .finalValue(4)
                .model();

        assertThat(LostUpdateCheck.check(model).violations()).singleElement()
                .satisfies(v -> assertThat(v.description()).contains("read of 3", "left 1"));
    }

    @Test
    void theFirstWriteMustReadTheInitialValue() {
        RunModel model = new HandMadeHistory().cycle("w1.1", 0, 1, 0, 7, 1).finalValue(8).model();

        assertThat(LostUpdateCheck.check(model).violations()).singleElement()
                .satisfies(v -> assertThat(v.description()).contains("counter started at 0"));
    }
}
