package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisNodes;
import io.hasp.testkit.Timing;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * LockListener's node breaker events: a Redlock node frozen (SIGSTOP) for many attempts opens its breaker once, and
 * closes it once when it answers again; both are told on the client's executor, never on a Lettuce I/O thread.
 */
class RedlockBreakerEventsIT {
    private static final Duration LIVENESS = Duration.ofSeconds(30);

    @Test
    void aFrozenNodesBreakerOpensOnceAndClosesOnceWhenItAnswersAgain() throws InterruptedException {
        RecordingListener events = new RecordingListener();
        try (RedisNodes nodes = RedisNodes.start(3);
                Hasp hasp = RedlockClients.builder(nodes, b -> b.breakerThreshold(2)
                        .breakerCoolDown(Duration.ofMillis(200))).listener(events).build()) {
            URI frozen = URI.create(nodes.node(2).uri());
            String label = frozen.getHost() + ":" + frozen.getPort();
            Lock lock = hasp.lock("breaker");
            cycle(lock);
            nodes.node(2).pause();
            try {
                // Every attempt times out on the frozen node; a few spread over time open its breaker, and the
                // attempts after that (and the failed probes) must not report it again.
                Timing.await("the breaker opened", LIVENESS, () -> {
                    cycle(lock);
                    return !events.breakerOpenings.isEmpty();
                });
                for (int i = 0; i < 20; i++) {
                    cycle(lock);
                }
            } finally {
                nodes.node(2).resume();
            }
            Timing.await("the breaker closed", LIVENESS, () -> {
                cycle(lock);
                return !events.breakerClosings.isEmpty();
            });
            for (int i = 0; i < 20; i++) {
                cycle(lock);
            }
            assertThat(events.breakerOpenings).containsExactly(label);
            assertThat(events.breakerClosings).containsExactly(label);
            assertThat(events.threads).noneMatch(name -> name.startsWith("lettuce-"));
        }
    }

    /** One acquire and release; every one must succeed, since two of three nodes answer. */
    private static void cycle(Lock lock) {
        try {
            lock.acquire(Timing.scaled(Duration.ofSeconds(5))).close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
