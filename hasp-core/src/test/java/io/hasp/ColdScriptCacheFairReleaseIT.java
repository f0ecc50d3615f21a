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
 * A fair lock's release that times out at a server which lost its script (here {@code SCRIPT FLUSH}; a restart does
 * the same) is cleaned up by its token once the server wakes, as the plain lock's is ({@link ColdScriptCacheCleanUpIT}).
 * The server is paused past the command timeout, so the release sits unread in its socket; resumed, it answers the
 * EVALSHA NOSCRIPT when nobody listens any more. Without the clean-up the lock stayed for its whole lease (two minutes
 * here), and the queue behind it waited that long; the tests ask for the lock freed, or handed to the queue's first
 * waiter, within seconds.
 */
class ColdScriptCacheFairReleaseIT {
    private static final Duration COMMAND_TIMEOUT = Timing.scaled(Duration.ofMillis(300));
    private static final Duration CONNECT = Timing.scaled(Duration.ofSeconds(30));
    private static final LockOptions LONG_LEASE = LockOptions.builder().leaseTime(Duration.ofMinutes(2)).build();
    /** Well under the lease: the clean-up runs right after the release once the server is back. */
    private static final Duration PROMPTLY = Duration.ofSeconds(10);

    @RegisterExtension
    static final RedisServerExtension PER_TEST = RedisServerExtension.perTest();

    @Test
    void aFairReleaseThatTimedOutFreesTheLockOnceTheServerWakes(RedisServer redis) {
        try (Hasp hasp = client(redis)) {
            Lease held = hasp.fairLock("fair", LONG_LEASE).tryAcquire().orElseThrow();
            redis.command("SCRIPT", "FLUSH"); // the acquire loaded the fair script, which the release runs too
            redis.pause();
            try {
                assertThatThrownBy(held::release).isInstanceOf(RedisUnavailableException.class);
            } finally {
                redis.resume();
            }
            Timing.await("the fair lock freed", PROMPTLY,
                    () -> Long.valueOf(0).equals(redis.command("EXISTS", "hasp:{fair}")));
        }
    }

    /**
     * The clean-up does what the release would have done with the queue: the first live waiter gets the lock. The
     * waiter is an entry written as a waiting client's attempt writes it (its heartbeats would fail while the server
     * is paused), so the test sees the hand-on itself in Redis.
     */
    @Test
    void aFairReleaseThatTimedOutHandsTheLockToTheQueuesFirstWaiterOnceTheServerWakes(RedisServer redis) {
        try (Hasp hasp = client(redis)) {
            Lease held = hasp.fairLock("queued", LONG_LEASE).tryAcquire().orElseThrow();
            String waiterToken = "hasp1:waiter-of-another-client";
            String member = waiterToken + "|60000|hasp:{queued}:grants:elsewhere";
            redis.command("ZADD", "hasp:{queued}:queue", "1", member);
            // Its liveness deadline (server ms) lies centuries ahead: it stays live whatever the test's pace.
            redis.command("ZADD", "hasp:{queued}:live", "9000000000000", member);
            redis.command("SCRIPT", "FLUSH");
            redis.pause();
            try {
                assertThatThrownBy(held::release).isInstanceOf(RedisUnavailableException.class);
            } finally {
                redis.resume();
            }
            Timing.await("the fair lock handed to the queue's first waiter", PROMPTLY,
                    () -> waiterToken.equals(redis.command("GET", "hasp:{queued}")));
            assertThat(redis.command("ZCARD", "hasp:{queued}:queue")).isEqualTo(0L);
        }
    }

    private static Hasp client(RedisServer redis) {
        return Hasp.builder().uri(redis.uri()).connectTimeout(CONNECT).commandTimeout(COMMAND_TIMEOUT).build();
    }
}
