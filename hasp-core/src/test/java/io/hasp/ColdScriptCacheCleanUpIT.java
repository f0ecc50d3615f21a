package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.LockListener.ReleaseOutcome;
import io.hasp.testkit.FaultProxy;
import io.hasp.testkit.RedisNodes;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The clean-up after an attempt whose outcome is unknown runs even when the server has never loaded its script. The
 * server is paused past the command timeout, so the attempt and its clean-up both time out unread in its socket; once
 * resumed it runs the attempt (granting the lock to a token nobody holds) and then the clean-up. Sent by EVALSHA, the
 * clean-up was answered NOSCRIPT after its caller had timed out, nobody sent the script's body, and the lock stayed for
 * its whole lease (two minutes here); the tests ask for it to be gone within seconds.
 */
class ColdScriptCacheCleanUpIT {
    static final Duration COMMAND_TIMEOUT = Timing.scaled(Duration.ofMillis(300));
    static final Duration CONNECT = Timing.scaled(Duration.ofSeconds(30));
    static final LockOptions LONG_LEASE = LockOptions.builder().leaseTime(Duration.ofMinutes(2)).build();
    /** Well under the lease: the clean-up runs right after the attempt once the server is back. */
    static final Duration PROMPTLY = Duration.ofSeconds(10);

    @RegisterExtension
    static final RedisServerExtension PER_TEST = RedisServerExtension.perTest();

    @RegisterExtension
    static final RedisServerExtension NODES_PER_TEST = RedisServerExtension.perTest().nodes(3);

    @Test
    void aFailedTryIsCleanedUpOnAServerThatNeverRanTheReleaseScript(RedisServer redis) {
        try (Hasp hasp = Hasp.builder().uri(redis.uri()).connectTimeout(CONNECT).commandTimeout(COMMAND_TIMEOUT)
                .build()) {
            // The acquire script is cached (so the lost attempt takes the lock); the release script is not.
            Lease held = hasp.lock("held", LONG_LEASE).tryAcquire().orElseThrow();
            redis.pause();
            try {
                assertThatThrownBy(() -> hasp.lock("lost", LONG_LEASE).tryAcquire())
                        .isInstanceOf(RedisUnavailableException.class);
                // A second try, sent after the first one's clean-up on the same connection: when it has timed out,
                // so has that clean-up.
                assertThatThrownBy(() -> hasp.lock("lost", LONG_LEASE).tryAcquire())
                        .isInstanceOf(RedisUnavailableException.class);
            } finally {
                redis.resume();
            }
            awaitGone(redis, "hasp:{lost}");
            assertThat(held.release()).isTrue();
        }
    }

    @Test
    void aWaitThatRanOutIsCleanedUpOnAServerThatNeverRanTheReleaseScript(RedisServer redis) throws Exception {
        try (Hasp hasp = Hasp.builder().uri(redis.uri()).connectTimeout(CONNECT).commandTimeout(COMMAND_TIMEOUT)
                .build()) {
            Lease held = hasp.lock("held", LONG_LEASE).tryAcquire().orElseThrow();
            redis.pause();
            try {
                CompletableFuture<Lease> waiting = hasp.lock("lost", LONG_LEASE)
                        .acquireAsync(COMMAND_TIMEOUT.dividedBy(2));
                assertThatThrownBy(() -> waiting.get(Timing.scaled(Duration.ofSeconds(10)).toMillis(),
                        TimeUnit.MILLISECONDS)).hasCauseInstanceOf(RedisUnavailableException.class);
                assertThatThrownBy(() -> hasp.lock("marker", LONG_LEASE).tryAcquire())
                        .isInstanceOf(RedisUnavailableException.class);
            } finally {
                redis.resume();
            }
            awaitGone(redis, "hasp:{lost}");
            awaitGone(redis, "hasp:{marker}");
            assertThat(held.release()).isTrue();
        }
    }

    /**
     * A release that times out at a server that never ran the release script: the server, once awake, answered its
     * EVALSHA NOSCRIPT when nobody listened any more, and the lock stayed for its lease.
     */
    @Test
    void aReleaseThatTimedOutFreesTheLockOnceTheServerWakes(RedisServer redis) {
        try (Hasp hasp = Hasp.builder().uri(redis.uri()).connectTimeout(CONNECT).commandTimeout(COMMAND_TIMEOUT)
                .build()) {
            Lease held = hasp.lock("held", LONG_LEASE).tryAcquire().orElseThrow();
            releaseWhilePaused(redis, held);
            awaitGone(redis, "hasp:{held}");
        }
    }

    /** The same for a release that hands the lock to a waiter of its client, by the hand-off script. */
    @Test
    void aHandOffThatTimedOutFreesTheLockForTheWaiterOnceTheServerWakes(RedisServer redis) throws Exception {
        try (Hasp hasp = Hasp.builder().uri(redis.uri()).connectTimeout(CONNECT).commandTimeout(COMMAND_TIMEOUT)
                .build()) {
            Lock lock = hasp.lock("handed", LONG_LEASE);
            Lease held = lock.tryAcquire().orElseThrow();
            CompletableFuture<Lease> waiter = lock.acquireAsync(LONG_LEASE.leaseTime());
            Timing.await("the waiter registered", PROMPTLY,
                    () -> Long.valueOf(1).equals(redis.command("EXISTS", "hasp:{handed}:waiters")));
            releaseWhilePaused(redis, held);
            Lease next = waiter.get(Timing.scaled(PROMPTLY).toMillis(), TimeUnit.MILLISECONDS);
            assertThat(next.release()).isTrue();
        }
    }

    /**
     * The same for a fair lock's release (here after {@code SCRIPT FLUSH}: the acquire loaded the fair script, which
     * the release runs too). Before, the lock stayed for its lease, and its queue waited behind it.
     */
    @Test
    void aFairReleaseThatTimedOutFreesTheLockOnceTheServerWakes(RedisServer redis) {
        try (Hasp hasp = Hasp.builder().uri(redis.uri()).connectTimeout(CONNECT).commandTimeout(COMMAND_TIMEOUT)
                .build()) {
            Lease held = hasp.fairLock("fair", LONG_LEASE).tryAcquire().orElseThrow();
            redis.command("SCRIPT", "FLUSH");
            releaseWhilePaused(redis, held);
            awaitGone(redis, "hasp:{fair}");
        }
    }

    /**
     * The clean-up does what the release would have done with the queue: the first live waiter gets the lock. The
     * waiter is an entry written as a waiting client's attempt writes it (its heartbeats would fail while the server
     * is paused), so the test sees the hand-on itself in Redis.
     */
    @Test
    void aFairReleaseThatTimedOutHandsTheLockToTheQueuesFirstWaiterOnceTheServerWakes(RedisServer redis) {
        try (Hasp hasp = Hasp.builder().uri(redis.uri()).connectTimeout(CONNECT).commandTimeout(COMMAND_TIMEOUT)
                .build()) {
            Lease held = hasp.fairLock("queued", LONG_LEASE).tryAcquire().orElseThrow();
            String waiterToken = "hasp1:waiter-of-another-client";
            String member = waiterToken + "|60000|hasp:{queued}:grants:elsewhere";
            redis.command("ZADD", "hasp:{queued}:queue", "1", member);
            // Its liveness deadline (server ms) lies centuries ahead: it stays live whatever the test's pace.
            redis.command("ZADD", "hasp:{queued}:live", "9000000000000", member);
            redis.command("SCRIPT", "FLUSH");
            releaseWhilePaused(redis, held);
            Timing.await("the fair lock handed to the queue's first waiter", PROMPTLY,
                    () -> waiterToken.equals(redis.command("GET", "hasp:{queued}")));
            assertThat(redis.command("ZCARD", "hasp:{queued}:queue")).isEqualTo(0L);
        }
    }

    @Test
    void aSemaphoreTryIsCleanedUpOnAServerThatNeverRanItsReleaseScript(RedisServer redis) {
        try (Hasp hasp = Hasp.builder().uri(redis.uri()).connectTimeout(CONNECT).commandTimeout(COMMAND_TIMEOUT)
                .build()) {
            Semaphore semaphore = hasp.semaphore("permits", 1, LONG_LEASE);
            Lease held = hasp.semaphore("other", 1, LONG_LEASE).tryAcquire(1).orElseThrow();
            redis.pause();
            try {
                assertThatThrownBy(() -> semaphore.tryAcquire(1)).isInstanceOf(RedisUnavailableException.class);
                assertThatThrownBy(() -> semaphore.tryAcquire(1)).isInstanceOf(RedisUnavailableException.class);
            } finally {
                redis.resume();
            }
            // The permit taken by the lost attempt is given back: a new try gets it.
            Timing.await("the permit taken by the lost attempt given back", PROMPTLY,
                    () -> semaphore.tryAcquire(1).map(Lease::release).orElse(false));
            assertThat(held.release()).isTrue();
        }
    }

    /** The same for a semaphore's release: its permit stayed taken for the lease. */
    @Test
    void aSemaphoreReleaseThatTimedOutGivesThePermitBackOnceTheServerWakes(RedisServer redis) {
        try (Hasp hasp = Hasp.builder().uri(redis.uri()).connectTimeout(CONNECT).commandTimeout(COMMAND_TIMEOUT)
                .build()) {
            Semaphore semaphore = hasp.semaphore("released-permit", 1, LONG_LEASE);
            releaseWhilePaused(redis, semaphore.tryAcquire(1).orElseThrow());
            Timing.await("the permit given back", PROMPTLY,
                    () -> semaphore.tryAcquire(1).map(Lease::release).orElse(false));
        }
    }

    /** The same for a read-write lock's releases, write and read: the hold stayed for the lease. */
    @Test
    void aReadWriteLockReleaseThatTimedOutFreesTheHoldOnceTheServerWakes(RedisServer redis) {
        try (Hasp hasp = Hasp.builder().uri(redis.uri()).connectTimeout(CONNECT).commandTimeout(COMMAND_TIMEOUT)
                .build()) {
            ReadWriteLock document = hasp.readWriteLock("document", LONG_LEASE);
            releaseWhilePaused(redis, document.writeLock().tryAcquire().orElseThrow());
            Timing.await("the write hold freed", PROMPTLY,
                    () -> document.writeLock().tryAcquire().map(Lease::release).orElse(false));
            releaseWhilePaused(redis, document.readLock().tryAcquire().orElseThrow());
            Timing.await("the read hold freed", PROMPTLY,
                    () -> document.writeLock().tryAcquire().map(Lease::release).orElse(false));
        }
    }

    @Test
    void aRedlockRoundLostToPausedNodesIsCleanedUpThereOnceTheyWake(RedisNodes nodes) {
        try (Hasp hasp = RedlockClients.builder(nodes, b -> b).connectTimeout(CONNECT).commandTimeout(COMMAND_TIMEOUT)
                .build()) {
            Lease held = hasp.lock("held", LONG_LEASE).tryAcquire().orElseThrow();
            nodes.node(1).pause();
            nodes.node(2).pause();
            try {
                // One node grants, two are silent: no majority, and the round is released on every node, the silent
                // ones too (behind the attempt on their connections), without waiting for them.
                assertThatThrownBy(() -> hasp.lock("lost", LONG_LEASE).tryAcquire())
                        .isInstanceOf(RedisUnavailableException.class);
                // The held lease's release reaches every node and fails after the command timeout on the silent
                // ones: by then the round's releases, sent to them earlier, have timed out too.
                assertThatThrownBy(held::release).isInstanceOf(RedisUnavailableException.class);
            } finally {
                nodes.node(1).resume();
                nodes.node(2).resume();
            }
            for (int i = 0; i < 3; i++) {
                awaitGone(nodes.node(i), "hasp:{lost}");
            }
        }
    }

    @Test
    void aLeaseReleasedWhileANodesBreakerIsOpenIsReleasedThereOnceItWakes(RedisNodes nodes) throws Exception {
        RecordingListener events = new RecordingListener();
        // A cool-down far longer than the test: the breaker stays open until the end.
        try (Hasp hasp = RedlockClients.builder(nodes, b -> b.breakerThreshold(2).breakerCoolDown(Duration.ofMinutes(10)))
                .connectTimeout(CONNECT).commandTimeout(COMMAND_TIMEOUT).listener(events).build()) {
            Lease held = hasp.lock("held", LONG_LEASE).tryAcquire().orElseThrow();
            RedisServer frozen = nodes.node(2);
            frozen.pause();
            try {
                // Tries that the other two nodes grant (left held: a release would load the script) open the breaker.
                int[] tries = {0};
                Timing.await("the frozen node's breaker open", PROMPTLY, () -> {
                    hasp.lock("try-" + tries[0]++, LONG_LEASE).tryAcquire().orElseThrow();
                    return !events.breakerOpenings.isEmpty();
                });
                assertThat(held.release()).isTrue(); // the two answering nodes decide it
                // Not a hope: twice the command timeout makes sure the release sent to the frozen node timed out
                // unread, as a release to a node that stays silent does.
                Thread.sleep(2 * COMMAND_TIMEOUT.toMillis());
            } finally {
                frozen.resume();
            }
            awaitGone(frozen, "hasp:{held}");
        }
    }

    @Test
    void aLeaseReleasedWhileANodeIsSilentButItsBreakerClosedIsReleasedThereOnceItWakes(RedisNodes nodes)
            throws Exception {
        RecordingListener events = new RecordingListener();
        try (Hasp hasp = RedlockClients.builder(nodes, b -> b).connectTimeout(CONNECT).commandTimeout(COMMAND_TIMEOUT)
                .listener(events).build()) {
            Lease held = hasp.lock("held", LONG_LEASE).tryAcquire().orElseThrow();
            RedisServer silent = nodes.node(2);
            silent.pause();
            try {
                assertThat(held.release()).isTrue(); // the two answering nodes decide it
                // Not a hope: twice the command timeout makes sure the release sent to the silent node timed out
                // unread, as a release to a node that stays silent does.
                Thread.sleep(2 * COMMAND_TIMEOUT.toMillis());
                assertThat(events.breakerOpenings).as("one failure leaves the silent node's breaker closed").isEmpty();
            } finally {
                silent.resume();
            }
            awaitGone(silent, "hasp:{held}");
        }
    }

    @Test
    void aLeaseGrantedAfterItsCallerGaveUpIsReleasedOnAServerThatFellSilent(RedisServer redis) {
        // The grant travels back for ONE_WAY after the server ran it: time to give up and to freeze the server.
        Duration oneWay = Timing.scaled(Duration.ofMillis(200));
        RecordingListener events = new RecordingListener();
        try (FaultProxy proxy = FaultProxy.start(redis);
                Hasp hasp = Hasp.builder().uri(proxy.uri()).connectTimeout(CONNECT)
                        .commandTimeout(oneWay.multipliedBy(6)).listener(events).build()) {
            Lease held = hasp.lock("held", LONG_LEASE).tryAcquire().orElseThrow(); // the release script stays cold
            proxy.latency(oneWay);
            CompletableFuture<Optional<Lease>> gaveUp = hasp.lock("lost", LONG_LEASE).tryAcquireAsync();
            Timing.await("the attempt granted on the server", PROMPTLY,
                    () -> Long.valueOf(1).equals(redis.command("EXISTS", "hasp:{lost}")));
            gaveUp.cancel(true);
            redis.pause(); // before the release of the abandoned lease arrives, ONE_WAY after the grant reached us
            try {
                // The abandoned lease's release ends (unanswered) after the command timeout; nobody hears it then.
                Timing.await("the abandoned lease's release given up", PROMPTLY, () -> events.releases.stream()
                        .anyMatch(r -> r.lockName().equals("lost") && r.outcome() == ReleaseOutcome.FAILED));
            } finally {
                redis.resume();
            }
            proxy.latency(Duration.ZERO);
            awaitGone(redis, "hasp:{lost}");
            assertThat(held.release()).isTrue();
        }
    }

    /** Releases {@code held} while {@code redis} is paused: the release times out unanswered, then Redis resumes. */
    static void releaseWhilePaused(RedisServer redis, Lease held) {
        redis.pause();
        try {
            assertThatThrownBy(held::release).isInstanceOf(RedisUnavailableException.class);
        } finally {
            redis.resume();
        }
    }

    /** Waits until {@code key} is gone from {@code server}, well within the lease that would otherwise keep it. */
    private static void awaitGone(RedisServer server, String key) {
        Timing.await(key + " removed from " + server.port(), PROMPTLY,
                () -> Long.valueOf(0).equals(server.command("EXISTS", key)));
    }
}
