package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.LockListener.ReleaseOutcome;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A release that goes unanswered past the command timeout is reported {@code FAILED}; once the server wakes and the
 * lock is seen free (the release ran late, or the clean-up by token sent behind it freed the lock), the listeners hear
 * the release's real outcome, {@code RELEASED}, and the lease counts as released. Before, they heard {@code FAILED}
 * only, and believed the lock held until its lease ran out (two minutes here), while it was free.
 */
class UnansweredReleaseEventsIT {
    // The silent server's setting of ColdScriptCacheCleanUpIT, whose clean-ups these releases are.
    private static final Duration COMMAND_TIMEOUT = ColdScriptCacheCleanUpIT.COMMAND_TIMEOUT;
    private static final LockOptions LONG_LEASE = ColdScriptCacheCleanUpIT.LONG_LEASE;
    private static final Duration PROMPTLY = ColdScriptCacheCleanUpIT.PROMPTLY;

    @RegisterExtension
    static final RedisServerExtension PER_TEST = RedisServerExtension.perTest();

    /** The release script never ran on the server: the clean-up by token frees the lock. */
    @Test
    void aReleaseFreedByTheCleanUpIsReportedReleasedAfterItsFailure(RedisServer redis) {
        RecordingListener events = new RecordingListener();
        try (Hasp hasp = client(redis, events)) {
            Lease held = hasp.lock("cold", LONG_LEASE).tryAcquire().orElseThrow();
            ColdScriptCacheCleanUpIT.releaseWhilePaused(redis, held);
            awaitOutcomes(events, "cold", ReleaseOutcome.FAILED, ReleaseOutcome.RELEASED);
            assertThat(redis.command("EXISTS", "hasp:{cold}")).isEqualTo(0L);
            assertThat(held.release()).as("the lease counts as released: a retry sends nothing").isFalse();
            assertThat(outcomes(events, "cold")).hasSize(2);
        }
    }

    /** The release script is cached: the server runs the release late, and that is what frees the lock. */
    @Test
    void aReleaseThatRanLateIsReportedReleasedAfterItsFailure(RedisServer redis) {
        RecordingListener events = new RecordingListener();
        try (Hasp hasp = client(redis, events)) {
            hasp.lock("warm-up", LONG_LEASE).tryAcquire().orElseThrow().release(); // caches the release script
            Lease held = hasp.lock("warm", LONG_LEASE).tryAcquire().orElseThrow();
            ColdScriptCacheCleanUpIT.releaseWhilePaused(redis, held);
            awaitOutcomes(events, "warm", ReleaseOutcome.FAILED, ReleaseOutcome.RELEASED);
            assertThat(redis.command("EXISTS", "hasp:{warm}")).isEqualTo(0L);
        }
    }

    /** The fair lock's release, cleaned up by its token the same way. */
    @Test
    void aFairReleaseFreedByTheCleanUpIsReportedReleasedAfterItsFailure(RedisServer redis) {
        RecordingListener events = new RecordingListener();
        try (Hasp hasp = client(redis, events)) {
            Lease held = hasp.fairLock("fair", LONG_LEASE).tryAcquire().orElseThrow();
            redis.command("SCRIPT", "FLUSH"); // the acquire loaded the fair script, which the release runs too
            ColdScriptCacheCleanUpIT.releaseWhilePaused(redis, held);
            awaitOutcomes(events, "fair", ReleaseOutcome.FAILED, ReleaseOutcome.RELEASED);
            assertThat(redis.command("EXISTS", "hasp:{fair}")).isEqualTo(0L);
        }
    }

    private static void awaitOutcomes(RecordingListener events, String lockName, ReleaseOutcome... expected) {
        // Events of one lease may arrive in another order than they happened (LockListener): compared as a bag.
        Timing.await(lockName + "'s release outcomes " + List.of(expected), PROMPTLY,
                () -> outcomes(events, lockName).size() >= expected.length);
        assertThat(outcomes(events, lockName)).containsExactlyInAnyOrder(expected);
    }

    private static List<ReleaseOutcome> outcomes(RecordingListener events, String lockName) {
        return events.releases.stream().filter(r -> r.lockName().equals(lockName))
                .map(RecordingListener.Release::outcome).toList();
    }

    private static Hasp client(RedisServer redis, LockListener listener) {
        return Hasp.builder().uri(redis.uri()).connectTimeout(ColdScriptCacheCleanUpIT.CONNECT)
                .commandTimeout(COMMAND_TIMEOUT).listener(listener).build();
    }
}
