package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A call that gives up while its attempt waits for an answer sends its clean-up (a fair waiter's leave) at once,
 * behind the attempt on the same connection. On a server that never ran the attempt's script, the attempt is answered
 * NOSCRIPT, and its script's text used to be sent only then: after the clean-up, so it ran last, and took the lock
 * for a call that was over, which nobody released before the lease ran out (two minutes here). The server is paused
 * while the attempt and the clean-up are sent, so both wait, in order, in its socket.
 */
class ColdScriptFallbackOrderIT {
    private static final LockOptions LONG_LEASE = LockOptions.builder().leaseTime(Duration.ofMinutes(2)).build();

    @RegisterExtension
    static final RedisServerExtension PER_TEST = RedisServerExtension.perTest();

    @Test
    void aFairWaitCancelledBeforeItsFirstAttemptWasAnsweredLeavesTheLockFree(RedisServer redis) {
        try (Hasp hasp = Hasp.builder().uri(redis.uri()).build()) {
            hasp.lock("warm").tryAcquire().orElseThrow().close(); // connected; the fair script is still cold
            redis.pause();
            try {
                CompletableFuture<Lease> waiting = hasp.fairLock("cold", LONG_LEASE)
                        .acquireAsync(Duration.ofMinutes(1));
                waiting.cancel(true); // sends the leave behind the attempt, both unread by the paused server
            } finally {
                redis.resume();
            }
            awaitEverythingAnswered(hasp);
            assertThat(redis.command("EXISTS", "hasp:{cold}")).as("the lock key").isEqualTo(0L);
            assertThat(redis.command("EXISTS", "hasp:{cold}:queue")).as("the fair queue").isEqualTo(0L);
            assertThat(hasp.fairLock("cold").tryAcquire()).as("a new try").isPresent();
        }
    }

    /**
     * Two round trips on the client's connection after the server woke: the first is answered after the attempt's
     * NOSCRIPT, whose handling sends anything it sends before that answer is read; the second after all of that ran.
     */
    private static void awaitEverythingAnswered(Hasp hasp) {
        for (int i = 0; i < 2; i++) {
            hasp.lock("marker-" + i).tryAcquire().orElseThrow().close();
        }
    }
}
