package io.hasp;

import io.hasp.testkit.Timing;
import java.time.Duration;

/**
 * Waits until waiting heads have made their final check: a head attempts, subscribes, attempts once more, and only
 * then waits for a release. A release that comes while that last attempt is in flight (sent, or answered but the
 * answer not yet read) makes the head attempt again, as it must, since its attempt may have run before the release;
 * a test that counts Redis calls after the release would count that extra attempt.
 */
final class FinalChecks {
    private FinalChecks() {
    }

    /**
     * Waits until {@code scripts} EVALSHA have run since the probe's last reset (the heads' attempts), then until
     * each client has read their answers.
     */
    static void await(RedisProbe probe, long scripts, Hasp... clients) {
        Timing.await(scripts + " attempts", Duration.ofSeconds(5), () -> probe.calls("evalsha") >= scripts);
        for (Hasp client : clients) {
            // A round trip on the client's one command connection (a SCAN: no script, so no EVALSHA to count): its
            // replies are read in order, and an attempt's answer is handled on the I/O thread as it is read, so once
            // this returns the heads have paused.
            client.admin().listing(1);
        }
    }
}
