package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stopped or unreachable Redis fails a try within the command timeout and a waiting call when its wait runs out;
 * nothing hangs.
 */
class RedisUnavailableIT {
    @RegisterExtension
    static final RedisServerExtension REDIS_PER_TEST = RedisServerExtension.perTest();

    @Test
    void aPausedRedisFailsATryWithinTheCommandTimeoutAndAWaitWhenItRunsOut(RedisServer redis) {
        try (Hasp hasp = Hasp.builder().uri(redis.uri()).commandTimeout(Duration.ofMillis(300)).build()) {
            redis.pause();
            try {
                long start = System.nanoTime();
                assertThatThrownBy(() -> hasp.lock("p").tryAcquire())
                        .isInstanceOf(RedisUnavailableException.class).hasMessageContaining("'p'");
                assertThat(Duration.ofNanos(System.nanoTime() - start))
                        .isLessThan(Timing.scaled(Duration.ofSeconds(3)));
                // A waiting call retries within its wait, and reports the last failure when the wait runs out.
                Duration wait = Duration.ofSeconds(1);
                long waitStart = System.nanoTime();
                assertThatThrownBy(() -> hasp.lock("p").acquire(wait))
                        .isInstanceOf(RedisUnavailableException.class).hasMessageContaining("'p'")
                        .hasCauseInstanceOf(io.lettuce.core.RedisCommandTimeoutException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - waitStart)).isGreaterThanOrEqualTo(wait)
                        .isLessThan(wait.plus(Timing.scaled(Duration.ofSeconds(3))));
            } finally {
                redis.resume();
            }
            // Once Redis answers again, the client works without being rebuilt.
            Timing.await("lock usable again", Timing.scaled(Duration.ofSeconds(10)), () -> {
                try {
                    return hasp.lock("p2").tryAcquire().isPresent();
                } catch (RedisUnavailableException e) {
                    return false;
                }
            });
        }
    }

    @Test
    void aReleaseDuringAnOutageFailsClearlyAndCanBeRetried(RedisServer redis) {
        try (Hasp hasp = Hasp.builder().uri(redis.uri()).commandTimeout(Duration.ofMillis(300)).build()) {
            Lease lease = hasp.lock("r").tryAcquire().orElseThrow();
            redis.pause();
            try {
                assertThatThrownBy(lease::release).isInstanceOf(RedisUnavailableException.class);
                // The timed-out release may have run: the lease must not claim validity any more.
                assertThat(lease.isValid()).isFalse();
                assertThat(lease.remaining()).isZero();
                assertThat(lease.lost().toCompletableFuture()).succeedsWithin(Duration.ofSeconds(5));
            } finally {
                redis.resume();
            }
            // The timed-out release, or the clean-up sent behind it, may have released the lock already once Redis
            // answered: the retry then says so ("already released", false). Either way the lock is gone.
            Timing.await("release retried", Timing.scaled(Duration.ofSeconds(10)), () -> {
                try {
                    lease.release();
                    return true;
                } catch (RedisUnavailableException e) {
                    return false;
                }
            });
            assertThat(redis.command("EXISTS", "hasp:{r}")).isEqualTo(0L);
        }
    }

    @Test
    void connectingToNothingFailsWithRedisUnavailable(RedisServer redis) {
        int port = redis.port();
        redis.close(); // nothing listens on the port any more
        assertThatThrownBy(() -> Hasp.builder().uri("redis://127.0.0.1:" + port)
                .commandTimeout(Duration.ofMillis(500)).build())
                .isInstanceOf(RedisUnavailableException.class).hasMessageContaining("127.0.0.1:" + port);
    }
}
