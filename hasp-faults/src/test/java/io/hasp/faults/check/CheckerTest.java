package io.hasp.faults.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.faults.history.Type;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CheckerTest {
    private static final Duration MARGIN = Duration.ofSeconds(3);

    @Test
    void aCorrectSerialHistoryHasNoViolationsAndIsCounted() {
        HandMadeHistory h = new HandMadeHistory().start("w1.1", -10).start("w2.1", -10).serialCycles(50)
                .exit("w1.1", 1_000).exit("w2.1", 1_000).finalValue(50);

        CheckResult result = Checker.check(h.build(), MARGIN);

        assertThat(result.violations()).isEmpty();
        assertThat(result.valid()).isTrue();
        RunStats stats = result.stats();
        assertThat(stats.workerProcesses()).isEqualTo(2);
        assertThat(stats.operations()).isEqualTo(200);
        assertThat(stats.acquires()).isEqualTo(new RunStats.Outcomes(50, 0, 0));
        assertThat(stats.writes()).isEqualTo(new RunStats.Outcomes(50, 0, 0));
        assertThat(result.lostUpdates().appliedWrites()).isEqualTo(50);
        assertThat(result.lostUpdates().expectedFinal()).isEqualTo(50);
    }

    @Test
    void theLongestTimeAWorkerWentWithoutAGrantIsMeasured() {
        HandMadeHistory h = new HandMadeHistory().start("w1.1", 0).start("w2.1", 0)
                .cycle("w1.1", 0, 1, 10, 0, 1)
                .cycle("w2.1", 0, 2, 100, 1, 3)
                .cycle("w1.1", 0, 3, 5_010, 2, 5)
                .exit("w1.1", 6_000).exit("w2.1", 6_000).finalValue(3);

        RunStats stats = Checker.check(h.build(), MARGIN).stats();

        assertThat(stats.longestDroughtMillis()).isEqualTo(5_899);
        assertThat(stats.droughtProcess()).isEqualTo("w2.1");
    }

    @Test
    void timedOutAndRejectedOperationsAreCountedAsFailures() {
        HandMadeHistory h = new HandMadeHistory().start("w1.1", 0)
                .acquireInvoke("w1.1", 0, 1, "watchdog", 1_000).acquireDone("w1.1", 0, Type.FAIL, 1_501)
                .acquire("w1.1", 0, 5, 1_600, 1_601)
                .readInvoke("w1.1", 0, 5, 1_602, 0).readRejected("w1.1", 0, 5, 1_603, 1)
                .release("w1.1", 0, 5, 1_604, 1_605, Type.FAIL, 0)
                .exit("w1.1", 2_000).finalValue(0);

        CheckResult result = Checker.check(h.build(), MARGIN);

        assertThat(result.violations()).isEmpty();
        assertThat(result.stats().acquires()).isEqualTo(new RunStats.Outcomes(1, 1, 0));
        assertThat(result.stats().reads()).isEqualTo(new RunStats.Outcomes(0, 1, 0));
        assertThat(result.stats().releases()).isEqualTo(new RunStats.Outcomes(0, 1, 0));
    }

    @Test
    void everyKindOfViolationIsReportedUnderItsKind() {
        HandMadeHistory h = new HandMadeHistory().start("w1.1", 0).start("w2.1", 0)
                // w1's lease (token 1) and w2's (token 2) interleave at the resource and both writes apply
                .acquire("w1.1", 0, 1, 10, 11).read("w1.1", 0, 1, 12, 13, 0, 1)
                .acquire("w2.1", 0, 2, 14, 15).read("w2.1", 0, 2, 16, 17, 0, 2)
                .write("w1.1", 0, 1, 18, 19, 0, 3, Type.OK)
                .write("w2.1", 0, 2, 20, 21, 0, 4, Type.OK)
                // an acquire that never completes while its process lives on
                .acquireInvoke("w2.1", 1, 30, "watchdog", 1_000)
                .exit("w1.1", 10_000).exit("w2.1", 10_000).finalValue(1);

        CheckResult result = Checker.check(h.build(), MARGIN);

        assertThat(result.valid()).isFalse();
        assertThat(result.count(ViolationKind.OVERLAP)).isEqualTo(1);
        assertThat(result.count(ViolationKind.LOST_UPDATE)).isEqualTo(1);
        assertThat(result.count(ViolationKind.STALE_LEASE)).isEqualTo(1);
        assertThat(result.count(ViolationKind.STUCK_WAITER)).isEqualTo(1);
        assertThat(result.count(ViolationKind.TOO_MANY_HOLDERS)).isEqualTo(1);
        assertThat(result.count(ViolationKind.FENCE_ORDER)).isZero();
    }

    /**
     * Issue 17's Redlock demo: a holder lost its grant on one node without knowing; another client won a majority,
     * read and wrote, and the first holder's write was fenced out while it still claimed validity. Nothing was
     * applied twice, so only the holders' beliefs and the refused fence show it: both are reported.
     */
    @Test
    void aHolderFencedOutWhileAnotherHeldIsReportedAsTwoHoldersAndAStaleLease() {
        HandMadeHistory h = new HandMadeHistory().start("w1.1", 0).start("w2.1", 0)
                .acquire("w1.1", 0, 100, 10, 11).read("w1.1", 0, 100, 12, 13, 0, 1)
                .acquire("w2.1", 0, 200, 14, 15).read("w2.1", 0, 200, 16, 17, 0, 2)
                .write("w2.1", 0, 200, 18, 19, 0, 3, Type.OK)
                .release("w2.1", 0, 200, 20, 21, Type.OK, HandMadeHistory.CLAIM_MS)
                .write("w1.1", 0, 100, 22, 23, 0, 4, Type.FAIL)
                .release("w1.1", 0, 100, 24, 25, Type.FAIL, HandMadeHistory.CLAIM_MS)
                .exit("w1.1", 1_000).exit("w2.1", 1_000).finalValue(1);

        CheckResult result = Checker.check(h.build(), MARGIN);

        assertThat(result.valid()).isFalse();
        assertThat(result.count(ViolationKind.TOO_MANY_HOLDERS)).isEqualTo(1);
        assertThat(result.count(ViolationKind.STALE_LEASE)).isEqualTo(1);
        assertThat(result.count(ViolationKind.OVERLAP)).isZero();
        assertThat(result.count(ViolationKind.LOST_UPDATE)).isZero();
    }

    /**
     * The other half of issue 17's symptom: successive holders that never overlapped, the later one granted a fence
     * below the earlier one's (it had waited since before that grant, so the grant-order check does not compare
     * them), and fenced out at its read.
     */
    @Test
    void aLaterHolderWithAFenceBelowOneAlreadyUsedIsReported() {
        HandMadeHistory h = new HandMadeHistory().start("w1.1", 0).start("w2.1", 0)
                .acquireInvoke("w2.1", 0, 5, "watchdog", 1_000)
                .cycle("w1.1", 0, 200, 10, 0, 1)
                .acquireOk("w2.1", 0, 100, 30)
                .readInvoke("w2.1", 0, 100, 31, HandMadeHistory.CLAIM_MS).readRejected("w2.1", 0, 100, 32, 3)
                .release("w2.1", 0, 100, 33, 34, Type.OK, HandMadeHistory.CLAIM_MS)
                .exit("w1.1", 1_000).exit("w2.1", 1_000).finalValue(1);

        CheckResult result = Checker.check(h.build(), MARGIN);

        assertThat(result.valid()).isFalse();
        assertThat(result.count(ViolationKind.STALE_LEASE)).isEqualTo(1);
        assertThat(result.count(ViolationKind.TOO_MANY_HOLDERS)).isZero();
    }
}
