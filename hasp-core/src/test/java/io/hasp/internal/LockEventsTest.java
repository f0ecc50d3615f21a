package io.hasp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.hasp.LockListener;
import io.hasp.LockLostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Events are fired from the middle of a release, a hand-off or a renewal, whose remaining steps must still run: no
 * event may throw into its caller, whatever a listener or the client's executor does.
 */
class LockEventsTest {
    private static final Executor DIRECT = Runnable::run;

    /** A listener compiled against a metrics library missing at run time; on a direct executor it runs in the call. */
    private static final LockListener BROKEN = new LockListener() {
        @Override
        public void handedOff(String lockName) {
            throw new NoClassDefFoundError("io/metrics/Counter");
        }

        @Override
        public void released(String lockName, Duration held, ReleaseOutcome outcome) {
            throw new AssertionError("a listener's own assertion");
        }

        @Override
        public void lost(String lockName, LockLostException reason) {
            throw new IllegalStateException("listener bug");
        }
    };

    @Test
    void aListenerThrowingAnErrorOnADirectExecutorDoesNotReachTheCaller() {
        AtomicInteger later = new AtomicInteger();
        LockListener counting = new LockListener() {
            @Override
            public void handedOff(String lockName) {
                later.incrementAndGet();
            }
        };
        LockEvents events = new LockEvents(List.of(BROKEN, counting), DIRECT);
        assertThatCode(() -> events.handedOff("hot")).doesNotThrowAnyException();
        assertThatCode(() -> events.released("hot", 0, 1, true, null)).doesNotThrowAnyException();
        assertThatCode(() -> events.lost("hot", new LockLostException("hot", "gone")))
                .doesNotThrowAnyException();
        assertThat(later).as("the listeners after the broken one still hear the event").hasValue(1);
    }

    @Test
    void anExecutorFailingOtherwiseThanByRejectionOnlyCostsTheEvent() {
        Executor failing = task -> {
            throw new IllegalStateException("executor shut down by its owner");
        };
        LockEvents events = new LockEvents(List.of(new LockListener() { }), failing);
        assertThatCode(() -> events.handedOff("hot")).doesNotThrowAnyException();
        assertThatCode(() -> events.renewalFailed("hot", new IllegalStateException("no answer")))
                .doesNotThrowAnyException();
        assertThatCode(() -> events.nodeBreakerOpened("127.0.0.1:6390")).doesNotThrowAnyException();
    }
}
