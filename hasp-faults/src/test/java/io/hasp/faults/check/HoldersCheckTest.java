package io.hasp.faults.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.faults.history.Event;
import io.hasp.faults.history.Op;
import io.hasp.faults.history.Type;
import org.junit.jupiter.api.Test;

class HoldersCheckTest {

    /** A hold of {@code kind} granted at {@code okMs} whose release, claiming validity, is invoked at {@code relMs}. */
    private static HandMadeHistory hold(HandMadeHistory h, String process, String kind, long fence, long okMs,
            long relMs) {
        return h.acquireInvoke(process, 0, okMs - 1, "fixed", 1_000)
                .add(Event.of(process, 0, Op.ACQUIRE, Type.OK).fence(fence).detail(kind)
                        .nanos(HandMadeHistory.nanos(okMs)).build())
                .release(process, 0, fence, relMs, relMs + 1, Type.OK, HandMadeHistory.CLAIM_MS);
    }

    @Test
    void twoPermitsOfTwoAtOnceAreFineAThirdIsNot() {
        HandMadeHistory fine = new HandMadeHistory();
        hold(fine, "w1.1", "permit 2", 1, 10, 50);
        hold(fine, "w2.1", "permit 2", 2, 20, 60);
        hold(fine, "w3.1", "permit 2", 3, 55, 90); // w1 gave its permit back at 50
        assertThat(HoldersCheck.check(fine.model())).isEmpty();

        HandMadeHistory over = new HandMadeHistory();
        hold(over, "w1.1", "permit 2", 1, 10, 50);
        hold(over, "w2.1", "permit 2", 2, 20, 60);
        hold(over, "w3.1", "permit 2", 3, 30, 90);
        assertThat(HoldersCheck.check(over.model())).singleElement().satisfies(v -> {
            assertThat(v.kind()).isEqualTo(ViolationKind.TOO_MANY_HOLDERS);
            assertThat(v.description()).contains("w3.1/t0 fence 3", "2 permits");
        });
    }

    @Test
    void readersShareButAWriterBesideAReaderIsCaught() {
        HandMadeHistory fine = new HandMadeHistory();
        hold(fine, "w1.1", "read", 5, 10, 50);
        hold(fine, "w2.1", "read", 5, 20, 60);
        hold(fine, "w3.1", "", 6, 70, 90);
        assertThat(HoldersCheck.check(fine.model())).isEmpty();

        HandMadeHistory broken = new HandMadeHistory();
        hold(broken, "w1.1", "read", 5, 10, 50);
        hold(broken, "w3.1", "", 6, 40, 90);
        assertThat(HoldersCheck.check(broken.model())).singleElement()
                .satisfies(v -> assertThat(v.description()).contains("w3.1/t0 fence 6", "w1.1/t0 fence 5"));
    }

    @Test
    void twoLeadersBelievingAtOnceAreCaughtButAnExpiredClaimIsNotABelief() {
        HandMadeHistory overlap = new HandMadeHistory();
        hold(overlap, "w1.1", "term", 1, 10, 50);
        hold(overlap, "w2.1", "term", 2, 40, 90);
        assertThat(HoldersCheck.check(overlap.model())).hasSize(1);

        // w1's release claims nothing (its term had run out): it believed only until its election at 10.
        HandMadeHistory expired = new HandMadeHistory();
        expired.acquireInvoke("w1.1", 0, 9, "fixed", 1_000)
                .add(Event.of("w1.1", 0, Op.ACQUIRE, Type.OK).fence(1).detail("term")
                        .nanos(HandMadeHistory.nanos(10)).build())
                .release("w1.1", 0, 1, 50, 51, Type.FAIL, 0);
        hold(expired, "w2.1", "term", 2, 40, 90);
        assertThat(HoldersCheck.check(expired.model())).isEmpty();
    }

    @Test
    void aPlainLocksSerialHoldersAreFineAndARestartThatLostDataExcusesTheHoldersItSpans() {
        assertThat(HoldersCheck.check(new HandMadeHistory().serialCycles(5).model())).isEmpty();

        HandMadeHistory lost = new HandMadeHistory();
        hold(lost, "w1.1", "permit 1", 1, 10, 50);
        lost.fault("restart-redis redis " + Fault.DATA_LOSS, 20, 25);
        hold(lost, "w2.1", "permit 1", 2, 30, 60);
        assertThat(HoldersCheck.check(lost.model())).isEmpty();
    }

    /**
     * Issue 17's Redlock demo: a holder whose grant one node had lost to a late clean-up still believed it held (its
     * write and its release claimed validity) when another client won a majority; its write was then fenced out.
     */
    @Test
    void twoLockHoldersBelievingAtOnceAreCaughtWhateverTheirTokens() {
        HandMadeHistory later = new HandMadeHistory()
                .acquire("w1.1", 0, 100, 0, 1).read("w1.1", 0, 100, 2, 3, 0, 1)
                .acquire("w2.1", 0, 200, 4, 5).read("w2.1", 0, 200, 6, 7, 0, 2)
                .write("w1.1", 0, 100, 8, 9, 0, 3, Type.FAIL)
                .release("w1.1", 0, 100, 10, 11, Type.FAIL, HandMadeHistory.CLAIM_MS);
        assertThat(HoldersCheck.check(later.model())).singleElement().satisfies(v -> {
            assertThat(v.kind()).isEqualTo(ViolationKind.TOO_MANY_HOLDERS);
            assertThat(v.description()).contains("w2.1/t0 fence 200", "w1.1/t0 fence 100");
        });

        // The same overlap with the newcomer's token below the holder's: still two holders at once.
        HandMadeHistory lower = new HandMadeHistory()
                .acquire("w1.1", 0, 200, 0, 1).read("w1.1", 0, 200, 2, 3, 0, 1)
                .acquire("w2.1", 0, 100, 4, 5)
                .write("w1.1", 0, 200, 8, 9, 0, 2, Type.OK);
        assertThat(HoldersCheck.check(lower.model())).hasSize(1);
    }

    @Test
    void aHolderPausedPastItsLeaseNoLongerBelievesAndALossyFailoverExcusesTheHoldersItSpans() {
        // w1 was frozen after its read; its write claims nothing (validity gone), so w2's grant meets no belief.
        HandMadeHistory paused = new HandMadeHistory()
                .acquire("w1.1", 0, 1, 0, 1).read("w1.1", 0, 1, 2, 3, 0, 1)
                .cycle("w2.1", 0, 2, 1_200, 0, 2)
                .writeInvoke("w1.1", 0, 1, 1_300, 0, 0, false).writeDone("w1.1", 0, 1, 1_301, 0, 4, Type.FAIL);
        assertThat(HoldersCheck.check(paused.model())).isEmpty();

        HandMadeHistory failover = new HandMadeHistory()
                .acquire("w1.1", 0, 1, 0, 1).read("w1.1", 0, 1, 2, 3, 0, 1)
                .fault("kill-primary-lagging w1.1 " + Fault.FAILOVER, 50, 60)
                .acquire("w2.1", 0, 2, 70, 71)
                .write("w1.1", 0, 1, 80, 81, 0, 3, Type.FAIL);
        assertThat(HoldersCheck.check(failover.model())).isEmpty();
    }
}
