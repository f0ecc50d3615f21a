package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.testkit.RedisServer;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An acquire whose outcome is unknown (a script error after its write, a timed-out attempt that Redis ran later)
 * never leaves the lock held for a caller that was told it failed, nor makes a retry wait for its own lease.
 */
class FailedAcquireIT {

    @Test
    void aScriptErrorAfterTheWriteLeavesNoLockBehind() {
        try (RedisServer redis = RedisServer.start()) {
            // Everything the scripts need but TIME, which acquire.lua calls after SET NX took the free lock.
            redis.command("ACL", "SETUSER", "notime", "on", ">secret", "~hasp:*", "&hasp:*", "+ping", "+info",
                    "+evalsha", "+eval", "+type", "+exists", "+get", "+set", "+del", "+pexpire", "+pttl",
                    "+publish", "+subscribe", "+unsubscribe", "+zadd", "+zrem", "+zcard", "+zrange",
                    "+zrangebyscore", "+zrank", "+zscore", "+zremrangebyscore");
            try (Hasp hasp = Hasp.connect("redis://notime:secret@127.0.0.1:" + redis.port())) {
                assertThatThrownBy(() -> hasp.lock("no-time").tryAcquire()).isInstanceOf(HaspException.class)
                        .isNotInstanceOf(RedisUnavailableException.class).hasMessageContaining("'no-time'");
                assertThat(redis.command("EXISTS", "hasp:{no-time}")).isEqualTo(0L);

                // A waiting call is not retried on such an error (it is not transient) and cleans up the same way.
                assertThatThrownBy(() -> hasp.lock("no-time").acquire(Duration.ofSeconds(20)))
                        .isInstanceOf(HaspException.class).isNotInstanceOf(RedisUnavailableException.class);
                assertThat(redis.command("EXISTS", "hasp:{no-time}")).isEqualTo(0L);
            }
        }
    }

    @Test
    void aTimedOutAttemptThatRedisRanLaterIsCleanedUpBeforeTheRetry() throws Exception {
        Duration commandTimeout = Duration.ofMillis(300);
        try (RedisServer redis = RedisServer.start();
             Hasp hasp = Hasp.builder().uri(redis.uri()).commandTimeout(commandTimeout).build()) {
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
