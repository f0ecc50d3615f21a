package io.hasp.faults.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.faults.history.Event;
import io.hasp.faults.history.Op;
import io.hasp.faults.history.Type;
import org.junit.jupiter.api.Test;

class StaleLeaseCheckTest {

    @Test
    void leasesThatReleaseBeforeTheNextGrantClaimNothingStale() {
        StaleLeaseFindings found = StaleLeaseCheck.check(new HandMadeHistory().serialCycles(10).model());

        assertThat(found.violations()).isEmpty();
        assertThat(found.doubleGrantsAfterDataLoss()).isZero();
    }

    @Test
    void aWriteClaimingValidityAfterANewerLeaseWasGrantedIsStale() {
        RunModel model = new HandMadeHistory()
                .acquire("w1.1", 0, 1, 0, 1).read("w1.1", 0, 1, 2, 3, 0, 1)
                .acquire("w2.1", 0, 2, 100, 101)
                .write("w1.1", 0, 1, 200, 201, 0, 2, Type.FAIL)
                .model();

        assertThat(StaleLeaseCheck.check(model).violations()).singleElement()
                .satisfies(v -> assertThat(v.description()).contains("w1.1/t0 fence 1", "at its read",
                        "larger token was granted"));
    }

    @Test
    void aLeaseThatSaysItIsNoLongerValidClaimsNothing() {
        RunModel model = new HandMadeHistory()
                // no remaining validity at the read
                .acquire("w1.1", 0, 1, 0, 1).readInvoke("w1.1", 0, 1, 200, 0).readRejected("w1.1", 0, 1, 201, 5)
                // remaining validity, but lost() had fired
                .acquire("w1.1", 1, 2, 0, 1).writeInvoke("w1.1", 1, 2, 200, 0, 500, true)
                .writeDone("w1.1", 1, 2, 201, 0, 6, Type.FAIL)
                .acquire("w2.1", 0, 5, 100, 101)
                .model();

        assertThat(StaleLeaseCheck.check(model).violations()).isEmpty();
    }

    @Test
    void aReadRejectedByTheFenceWhileTheLeaseClaimedValidityIsStale() {
        RunModel model = new HandMadeHistory()
                .acquire("w1.1", 0, 1, 0, 1).readInvoke("w1.1", 0, 1, 2, 800).readRejected("w1.1", 0, 1, 3, 7)
                .model();

        assertThat(StaleLeaseCheck.check(model).violations()).singleElement()
                .satisfies(v -> assertThat(v.description()).contains("the fence rejected it"));
    }

    @Test
    void claimsEndWhereTheHolderReleased() {
        // w1 claimed 900 ms at its write, released 10 ms later; w2's grant after the release disproves nothing
        RunModel model = new HandMadeHistory()
                .cycle("w1.1", 0, 1, 0, 0, 1)
                .cycle("w2.1", 0, 2, 9, 1, 3)
                .model();

        assertThat(StaleLeaseCheck.check(model).violations()).isEmpty();
    }

    @Test
    void claimingValidityAtTheReleaseAfterANewerLeaseWasGrantedIsStale() {
        // w1's read and write claims end before w2's grant, but its release, after the grant, still says "valid"
        RunModel model = new HandMadeHistory()
                .acquire("w1.1", 0, 1, 0, 1)
                .readInvoke("w1.1", 0, 1, 2, 10)
                .add(Event.of("w1.1", 0, Op.READ, Type.OK).fence(1).read(0).seq(1).nanos(HandMadeHistory.nanos(3))
                        .build())
                .acquire("w2.1", 0, 2, 20, 21)
                .release("w1.1", 0, 1, 30, 31, Type.OK, 500)
                .model();

        assertThat(StaleLeaseCheck.check(model).violations()).singleElement()
                .satisfies(v -> assertThat(v.description()).contains("at its release"));
    }

    @Test
    void aRetriedReleaseAfterOneOfUnknownOutcomeClaimsNothing() {
        RunModel model = new HandMadeHistory()
                .acquire("w1.1", 0, 1, 0, 1)
                .release("w1.1", 0, 1, 10, 100, Type.INFO, 900)
                .acquire("w2.1", 0, 2, 110, 111)
                .release("w1.1", 0, 1, 120, 130, Type.OK, 780)
                .model();

        assertThat(StaleLeaseCheck.check(model).violations()).isEmpty();
    }

    @Test
    void aReleaseThatFindsTheLockGoneWhileClaimingValidityIsStale() {
        RunModel model = new HandMadeHistory()
                .acquire("w1.1", 0, 1, 0, 1)
                .release("w1.1", 0, 1, 10, 11, Type.FAIL, 500)
                .model();

        assertThat(StaleLeaseCheck.check(model).violations()).singleElement()
                .satisfies(v -> assertThat(v.description()).contains("no longer ours"));
    }

    @Test
    void aReleaseThatFindsTheLockGoneAfterAnEarlierReleaseOfUnknownOutcomeIsNoViolation() {
        // Regression: the first release reached Redis just before a crash-restart and its reply was lost; the retry
        // then found the lock gone, which the first release may have done itself.
        RunModel model = new HandMadeHistory()
                .acquire("w1.1", 0, 1, 0, 1)
                .release("w1.1", 0, 1, 10, 100, Type.INFO, 900)
                .release("w1.1", 0, 1, 120, 130, Type.FAIL, 780)
                .model();

        assertThat(StaleLeaseCheck.check(model).violations()).isEmpty();
    }

    @Test
    void aReleaseThatFindsTheLockGoneAfterItsValidityEndedIsFine() {
        RunModel model = new HandMadeHistory()
                .acquire("w1.1", 0, 1, 0, 1)
                .release("w1.1", 0, 1, 10, 30, Type.FAIL, 5)
                .model();

        assertThat(StaleLeaseCheck.check(model).violations()).isEmpty();
    }

    @Test
    void aDoubleGrantAfterARestartWithoutPersistenceIsCountedNotReported() {
        RunModel model = new HandMadeHistory()
                .acquire("w1.1", 0, 1, 0, 1).read("w1.1", 0, 1, 2, 3, 0, 1)
                .fault("restart-redis node0 data-loss", 50, 60)
                .acquire("w2.1", 0, 2, 70, 71).read("w2.1", 0, 2, 72, 73, 0, 2)
                .write("w1.1", 0, 1, 80, 81, 0, 3, Type.FAIL)
                .model();

        StaleLeaseFindings found = StaleLeaseCheck.check(model);

        assertThat(found.violations()).isEmpty();
        assertThat(found.doubleGrantsAfterDataLoss()).isEqualTo(1);
    }

    @Test
    void aDoubleGrantAfterALossyFailoverIsCountedApartFromDataLoss() {
        RunModel model = new HandMadeHistory()
                .acquire("w1.1", 0, 1, 0, 1).read("w1.1", 0, 1, 2, 3, 0, 1)
                .fault("kill-primary-lagging w1.1 failover-loss", 50, 60)
                .acquire("w2.1", 0, 2, 70, 71).read("w2.1", 0, 2, 72, 73, 0, 2)
                .write("w1.1", 0, 1, 80, 81, 0, 3, Type.FAIL)
                .model();

        StaleLeaseFindings found = StaleLeaseCheck.check(model);

        assertThat(found.violations()).isEmpty();
        assertThat(found.doubleGrantsAfterFailover()).isEqualTo(1);
        assertThat(found.doubleGrantsAfterDataLoss()).isZero();
    }

    @Test
    void aFailoverBeforeTheLeaseWasAskedForExcusesNothing() {
        RunModel model = new HandMadeHistory()
                .fault("kill-primary w3.1 failover-loss", 0, 5)
                .acquire("w1.1", 0, 1, 10, 11).read("w1.1", 0, 1, 12, 13, 0, 1)
                .acquire("w2.1", 0, 2, 70, 71)
                .write("w1.1", 0, 1, 80, 81, 0, 3, Type.FAIL)
                .model();

        StaleLeaseFindings found = StaleLeaseCheck.check(model);

        assertThat(found.violations()).hasSize(1);
        assertThat(found.doubleGrantsAfterFailover()).isZero();
    }

    @Test
    void aRestartThatKeepsDataExcusesNothing() {
        RunModel model = new HandMadeHistory()
                .acquire("w1.1", 0, 1, 0, 1).read("w1.1", 0, 1, 2, 3, 0, 1)
                .fault("restart-redis node0", 50, 60)
                .acquire("w2.1", 0, 2, 70, 71)
                .write("w1.1", 0, 1, 80, 81, 0, 3, Type.FAIL)
                .model();

        assertThat(StaleLeaseCheck.check(model).violations()).hasSize(1);
    }

    @Test
    void aFixedLeaseMayNotClaimPastItsLeaseTime() {
        RunModel model = new HandMadeHistory()
                .acquireInvoke("w1.1", 1, 0, "fixed", 100).acquireOk("w1.1", 1, 1, 1)
                .readInvoke("w1.1", 1, 1, 50, 80)
                .model();

        assertThat(StaleLeaseCheck.check(model).violations()).singleElement()
                .satisfies(v -> assertThat(v.description()).contains("fixed lease time of 100 ms"));
    }

    @Test
    void aWatchdogLeaseMayClaimPastItsFirstLeaseTime() {
        RunModel model = new HandMadeHistory()
                .acquireInvoke("w1.1", 0, 0, "watchdog", 100).acquireOk("w1.1", 0, 1, 1)
                .readInvoke("w1.1", 0, 1, 50, 80)
                .model();

        assertThat(StaleLeaseCheck.check(model).violations()).isEmpty();
    }
}
