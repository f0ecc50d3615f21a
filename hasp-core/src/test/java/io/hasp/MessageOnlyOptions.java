package io.hasp;

import java.time.Duration;

/** Lock options for tests of waking: every timed re-check is minutes away, so a waiter moves only by a message. */
final class MessageOnlyOptions {
    private MessageOnlyOptions() {
    }

    /** A 2 minute fixed lease, and backoff and heartbeat window of 10 minutes. */
    static LockOptions get() {
        return LockOptions.builder().leaseTime(Duration.ofMinutes(2))
                .backoff(Backoff.exponential(Duration.ofMinutes(10), Duration.ofMinutes(10)))
                .waiterHeartbeat(Duration.ofMinutes(10)).build();
    }
}
