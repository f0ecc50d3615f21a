package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client's side of a failed acquire: an attempt whose outcome is unknown (here one that timed out and that Redis
 * ran later) is followed by a release by its token, so a retry never waits for its own lease. (The script's side,
 * an error raised after nothing was written, is FailedAcquireLeavesNoLockIT.)
 */
class TimedOutAttemptIT {
    @RegisterExtension
    static final RedisServerExtension REDIS_PER_TEST = RedisServerExtension.perTest();

    @Test
    void aTimedOutAttemptThatRedisRanLaterIsCleanedUpBeforeTheRetry(RedisServer redis) throws Exception {
        Duration commandTimeout = Duration.ofMillis(300);
        try (Hasp hasp = Hasp.builder().uri(redis.uri()).commandTimeout(commandTimeout).build()) {
            hasp.lock("warm-up").tryAcquire().orElseThrow().release(); // scripts loaded, connection up
            CompletableFuture<Lease> waiting;
            redis.pause();
            try {
                waiting = hasp.lock("late").acquireAsync(Duration.ofSeconds(20));
                // Not a hope: three command timeouts make sure the first attempt timed out while it sat unread in
                // the paused server's socket; the server runs it (taking the lock for our token) once resumed.
                Thread.sleep(3 * commandTimeout.toMillis());
                assertThat(waiting).isNotDone();
            } finally {
                redis.resume();
            }
            // The retry comes after a release by our token, on the same connection: it is granted at once, instead
            // of waiting for the 30 s lease that the late attempt took for us.
            Lease lease = waiting.get(Timing.scaled(Duration.ofSeconds(5)).toMillis(), TimeUnit.MILLISECONDS);
            assertThat(lease.isValid()).isTrue();
            assertThat(lease.release()).isTrue();
            assertThat(redis.command("EXISTS", "hasp:{late}")).isEqualTo(0L);
        }
    }
}
