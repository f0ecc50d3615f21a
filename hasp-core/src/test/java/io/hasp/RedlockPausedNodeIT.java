package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisNodes;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A node frozen with SIGSTOP costs each attempt at most its per-node timeout, and leaks no threads. */
class RedlockPausedNodeIT {
    @RegisterExtension
    static final RedisServerExtension NODES_PER_TEST = RedisServerExtension.perTest().nodes(3);

    private static final Duration NODE_TIMEOUT = Duration.ofMillis(100);
    private static final Duration LETTUCE_TIMEOUT = Duration.ofSeconds(10);
    private static final int ATTEMPTS = 40;

    @Test
    void aPausedNodeBoundsAcquireLatencyByTheNodeTimeoutAndLeaksNoThreads(RedisNodes nodes)
            throws InterruptedException {
        Set<Thread> before = liveThreads();
        // Lettuce's own command timeout is set far above what the node timeout should bound, to tell them apart.
        Hasp hasp = RedlockClients.builder(nodes, b -> b.nodeTimeout(NODE_TIMEOUT))
                .commandTimeout(LETTUCE_TIMEOUT).build();
        Lock lock = hasp.lock("paused");
        lock.acquire(Duration.ofSeconds(5)).close(); // the first use of a client in a JVM is slow
        nodes.node(2).pause();
        long slowest = 0;
        int mostThreads = 0;
        try {
            for (int i = 0; i < ATTEMPTS; i++) {
                long start = System.nanoTime();
                Lease lease = lock.acquire(Timing.scaled(Duration.ofSeconds(5)));
                assertThat(lease.isValid()).isTrue();
                lease.close();
                slowest = Math.max(slowest, System.nanoTime() - start);
                mostThreads = Math.max(mostThreads, liveThreads().size());
            }
        } finally {
            nodes.node(2).resume(); // first, so that Lettuce has no handshake pending on it when it shuts down
            hasp.close();
        }
        // An attempt waits at most one node timeout for the frozen node (then its breaker skips it), and a
        // failed one another for the release; stalls of this machine may add retries. What must never end the
        // wait is Lettuce's own command timeout.
        assertThat(Duration.ofNanos(slowest)).isLessThan(Timing.scaled(LETTUCE_TIMEOUT.dividedBy(5)));
        // The client's pools start a few threads lazily; a leak would grow with the number of attempts.
        assertThat(mostThreads - before.size()).isLessThan(ATTEMPTS / 4);
        Timing.await("the client's threads to end", Duration.ofSeconds(10), () -> {
            Set<Thread> added = liveThreads();
            added.removeAll(before);
            return added.isEmpty();
        });
    }

    /** Live threads, without the JDK's process reapers (the testkit's signals start those; they idle out later). */
    private static Set<Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> !t.getName().startsWith("process reaper"))
                .collect(Collectors.toCollection(HashSet::new));
    }
}
