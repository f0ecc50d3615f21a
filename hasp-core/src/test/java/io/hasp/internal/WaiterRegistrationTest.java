package io.hasp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WaiterRegistrationTest {
    private static final long HEARTBEAT_MILLIS = 2000;
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void anAttemptRegistersUntilARefusalProvesTheEntryThenRefreshesAfterAQuarterWindow() {
        WaiterRegistration registration = new WaiterRegistration(0);
        assertThat(registration.windowFor(10 * MS, HEARTBEAT_MILLIS, true)).isEqualTo(HEARTBEAT_MILLIS);
        registration.answered(AcquireReply.held(100), 10 * MS, HEARTBEAT_MILLIS, true, true);
        assertThat(registration.inPlace()).isTrue();
        assertThat(registration.windowFor(500 * MS, HEARTBEAT_MILLIS, true)).isZero();
        assertThat(registration.windowFor(511 * MS, HEARTBEAT_MILLIS, true)).isEqualTo(HEARTBEAT_MILLIS);
        // A cheap attempt's refusal neither proves nor refreshes anything.
        registration.answered(AcquireReply.held(100), 600 * MS, 0, true, true);
        assertThat(registration.windowFor(600 * MS, HEARTBEAT_MILLIS, true)).isEqualTo(HEARTBEAT_MILLIS);
    }

    @Test
    void aWinThatRemovedTheEntryOrAFailedAttemptMeansRegisteringAgain() {
        WaiterRegistration registration = new WaiterRegistration(0);
        registration.answered(AcquireReply.held(100), MS, HEARTBEAT_MILLIS, true, true);
        registration.answered(AcquireReply.granted(7, true), 2 * MS, 0, true, true);
        assertThat(registration.inPlace()).as("a win that kept the entry").isTrue();
        registration.answered(AcquireReply.granted(8, false), 3 * MS, 0, false, true);
        assertThat(registration.inPlace()).isFalse();
        registration.answered(AcquireReply.held(100), 4 * MS, HEARTBEAT_MILLIS, true, true);
        registration.answered(null, 5 * MS, 0, true, true);
        assertThat(registration.inPlace()).isFalse();
    }

    @Test
    void anAttemptPreparedBeforeAReleaseRemovedTheEntryProvesNothing() {
        WaiterRegistration registration = new WaiterRegistration(0);
        registration.removedByRelease(20 * MS);
        registration.answered(AcquireReply.held(100), 10 * MS, HEARTBEAT_MILLIS, true, true);
        assertThat(registration.inPlace()).isFalse();
        registration.answered(AcquireReply.held(100), 30 * MS, HEARTBEAT_MILLIS, true, true);
        assertThat(registration.inPlace()).isTrue();
        registration.forget(40 * MS);
        assertThat(registration.inPlace()).isFalse();
    }

    @Test
    void anEntryWrittenBeforeTheChannelWasSubscribedIsWrittenAgainOnceSubscribed() {
        // A release may have named this client and removed the entry before the subscription: nobody heard it.
        WaiterRegistration registration = new WaiterRegistration(0);
        registration.answered(AcquireReply.held(100), 10 * MS, HEARTBEAT_MILLIS, true, false);
        assertThat(registration.inPlace()).isFalse();
        assertThat(registration.windowFor(20 * MS, HEARTBEAT_MILLIS, false)).as("still unsubscribed").isZero();
        assertThat(registration.windowFor(20 * MS, HEARTBEAT_MILLIS, true)).isEqualTo(HEARTBEAT_MILLIS);
        registration.answered(AcquireReply.granted(7, true), 20 * MS, HEARTBEAT_MILLIS, true, false);
        assertThat(registration.inPlace()).as("a win that registered before the subscription").isFalse();
        registration.answered(AcquireReply.held(100), 30 * MS, HEARTBEAT_MILLIS, true, true);
        assertThat(registration.inPlace()).isTrue();
        assertThat(registration.windowFor(40 * MS, HEARTBEAT_MILLIS, true)).isZero();
    }

    /**
     * The pub/sub connection reconnects on its own: an attempt that registered on the server before it restarted (and
     * lost the registry) may be answered after the channel was subscribed again. Its answer proves nothing, or the
     * next attempts would leave the missing entry alone and no release would wake this client.
     */
    @Test
    void anAttemptPreparedBeforeAResubscriptionProvesNothing() {
        WaiterRegistration registration = new WaiterRegistration(0);
        registration.answered(AcquireReply.held(100), 10 * MS, HEARTBEAT_MILLIS, true, true);
        long inFlight = 20 * MS; // registers again, as due after a quarter window: then the server restarts
        registration.forget(30 * MS);
        registration.answered(AcquireReply.held(100), inFlight, HEARTBEAT_MILLIS, true, true);
        assertThat(registration.inPlace()).isFalse();
        assertThat(registration.windowFor(40 * MS, HEARTBEAT_MILLIS, true)).as("the next attempt registers")
                .isEqualTo(HEARTBEAT_MILLIS);
        registration.answered(AcquireReply.held(100), 40 * MS, HEARTBEAT_MILLIS, true, true);
        assertThat(registration.inPlace()).isTrue();
    }
}
