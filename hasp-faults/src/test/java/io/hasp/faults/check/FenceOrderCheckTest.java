package io.hasp.faults.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.faults.history.Type;
import org.junit.jupiter.api.Test;

class FenceOrderCheckTest {

    @Test
    void tokensRisingInGrantAndApplyOrderAreFine() {
        assertThat(FenceOrderCheck.check(new HandMadeHistory().serialCycles(10).model())).isEmpty();
    }

    @Test
    void anAppliedWriteWithASmallerTokenThanThePreviousIsReported() {
        RunModel model = new HandMadeHistory()
                .cycle("w1.1", 0, 5, 0, 0, 1)
                // a lease with token 3 is granted before token 5 released, so grant order is fine; its write lands after
                .acquire("w2.1", 0, 3, -5, -4).read("w2.1", 0, 3, 20, 21, 1, 3)
                .write("w2.1", 0, 3, 22, 23, 1, 4, Type.OK)
                .model();

        assertThat(FenceOrderCheck.check(model)).singleElement()
                .satisfies(v -> assertThat(v.description()).contains("w2.1/t0 fence 3", "not larger"));
    }

    @Test
    void aLeaseGrantedAfterAnotherCompletedMustHoldALargerToken() {
        RunModel model = new HandMadeHistory()
                .acquire("w1.1", 0, 100, 0, 1)
                .acquire("w2.1", 0, 40, 5, 6)
                .model();

        assertThat(FenceOrderCheck.check(model)).singleElement()
                .satisfies(v -> assertThat(v.description()).contains("w2.1/t0 fence 40", "w1.1/t0 fence 100"));
    }

    @Test
    void concurrentAcquiresMayCompleteInEitherOrder() {
        // token 7 was granted first but its reply came late; token 8's acquire began before token 7's completed
        RunModel model = new HandMadeHistory()
                .acquire("w1.1", 0, 7, 0, 10)
                .acquire("w2.1", 0, 8, 5, 6)
                .model();

        assertThat(FenceOrderCheck.check(model)).isEmpty();
    }
}
