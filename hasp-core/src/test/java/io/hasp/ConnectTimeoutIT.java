package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.testkit.RedisCluster;
import io.hasp.testkit.RedisNodes;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Building a client (on one Redis, Redlock nodes or a cluster's seed) is bounded by the connect timeout, not the
 * command timeout: a Redis that answers late (a cold start on a busy machine, here a server frozen with SIGSTOP) still
 * gets a client, and a short connect timeout still fails fast. The bound on failing is absolute, not scaled: it must
 * stay well below the 10 s default to mean anything.
 */
class ConnectTimeoutIT {
    @RegisterExtension
    static final RedisServerExtension NODES_PER_TEST = RedisServerExtension.perTest().nodes(3);

    @RegisterExtension
    static final RedisServerExtension REDIS_PER_TEST = RedisServerExtension.perTest();

    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(100);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How long the servers stay frozen while a client connects: ten command timeouts. */
    private static final Duration FROZEN = Duration.ofSeconds(1);
    private static final Duration SHORT_CONNECT_TIMEOUT = Duration.ofMillis(300);
    private static final Duration FAIL_BOUND = Duration.ofSeconds(5);

    @Test
    void aConnectOutlastsTheCommandTimeoutWithinTheConnectTimeout(RedisServer redis) throws Exception {
        HaspBuilder builder = Hasp.builder().uri(redis.uri()).commandTimeout(COMMAND_TIMEOUT)
                .connectTimeout(CONNECT_TIMEOUT);
        try (Hasp hasp = buildWhileFrozen(builder, redis)) {
            assertTryFailsFastWhileFrozen(hasp, "c", redis);
        }
    }

    @Test
    void aShortConnectTimeoutFailsAgainstAFrozenRedis(RedisServer redis) {
        warmUp(() -> Hasp.connect(redis.uri()));
        HaspBuilder builder = Hasp.builder().uri(redis.uri()).connectTimeout(SHORT_CONNECT_TIMEOUT);
        assertThat(failWhileFrozen(builder, redis)).hasMessageContaining(redis.host() + ":" + redis.port());
    }

    @Test
    void aRedlockConnectOutlastsTheCommandTimeoutWithinTheConnectTimeout(RedisNodes nodes) throws Exception {
        // The node timeout may not exceed the command timeout.
        HaspBuilder builder = RedlockClients.builder(nodes, b -> b.nodeTimeout(COMMAND_TIMEOUT))
                .commandTimeout(COMMAND_TIMEOUT)
                .connectTimeout(CONNECT_TIMEOUT);
        try (Hasp hasp = buildWhileFrozen(builder, nodes.nodes().toArray(new RedisServer[0]))) {
            assertThat(hasp.lock("c").tryAcquire(Timing.scaled(Duration.ofSeconds(5)))).isPresent();
        }
    }

    @Test
    void aShortRedlockConnectTimeoutFailsAgainstFrozenNodes(RedisNodes nodes) {
        warmUp(() -> RedlockClients.connect(nodes));
        HaspBuilder builder = RedlockClients.builder(nodes, b -> b).connectTimeout(SHORT_CONNECT_TIMEOUT);
        assertThat(failWhileFrozen(builder, nodes.nodes().toArray(new RedisServer[0])))
                .hasMessageContaining("only 0 of 3 answered")
                .hasMessageContaining("connect timeout of 300 ms");
    }

    @Test
    void aClusterConnectOutlastsTheCommandTimeoutWithinTheConnectTimeout() throws Exception {
        try (RedisCluster cluster = RedisCluster.start()) {
            RedisServer seed = cluster.node(0);
            HaspBuilder builder = Hasp.builder().cluster(seed.uri()).commandTimeout(COMMAND_TIMEOUT)
                    .connectTimeout(CONNECT_TIMEOUT);
            try (Hasp hasp = buildWhileFrozen(builder, seed)) {
                // Also opens the connection to the lock's node (a node's connection opens on its first command, and
                // opening it is bounded by the connect timeout).
                hasp.lock("c").tryAcquire(Timing.scaled(Duration.ofSeconds(5))).orElseThrow().release();
                assertTryFailsFastWhileFrozen(hasp, "c", cluster.nodeForKey("hasp:{c}"));
            }
        }
    }

    @Test
    void aClusterConnectFailsAfterTheConnectTimeoutNotAfterTheCommandTimeout() {
        try (RedisCluster cluster = RedisCluster.start()) {
            RedisServer seed = cluster.node(0);
            warmUp(() -> Hasp.builder().cluster(seed.uri()).build());
            // Ten command timeouts, and under the cluster's node timeout: the frozen seed is not failed over.
            Duration connectTimeout = Duration.ofSeconds(1);
            HaspBuilder builder = Hasp.builder().cluster(seed.uri()).commandTimeout(COMMAND_TIMEOUT)
                    .connectTimeout(connectTimeout);
            long start = System.nanoTime();
            assertThat(failWhileFrozen(builder, seed)).hasMessageContaining(seed.host() + ":" + seed.port());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(connectTimeout);
        }
    }

    /** Commands keep the command timeout once connected, not the long connect timeout: a try fails fast. */
    private static void assertTryFailsFastWhileFrozen(Hasp hasp, String lockName, RedisServer server) {
        server.pause();
        try {
            long start = System.nanoTime();
            assertThatThrownBy(() -> hasp.lock(lockName).tryAcquire()).isInstanceOf(RedisUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAIL_BOUND);
        } finally {
            server.resume();
        }
    }

    /**
     * Builds a client in the background while {@code servers} are frozen, and thaws them once the build has been
     * waiting for them for {@link #FROZEN}. The wait is the scenario under test (a Redis answering after many
     * command timeouts), so it is timed, not awaited.
     */
    private static Hasp buildWhileFrozen(HaspBuilder builder, RedisServer... servers) throws Exception {
        CompletableFuture<Hasp> building = new CompletableFuture<>();
        Thread connector = new Thread(() -> {
            try {
                building.complete(builder.build());
            } catch (RuntimeException | Error e) {
                building.completeExceptionally(e);
            }
        }, "connect-while-frozen");
        Arrays.stream(servers).forEach(RedisServer::pause);
        try {
            connector.start();
            Timing.await("the build waiting for Redis", Duration.ofSeconds(30),
                    () -> building.isDone() || isWaitingToConnect(connector));
            long start = System.nanoTime();
            Thread.sleep(FROZEN.toMillis());
            assertThat(building).as("still connecting after %s frozen (not failed by the %s command timeout)",
                    Duration.ofNanos(System.nanoTime() - start), COMMAND_TIMEOUT).isNotDone();
        } finally {
            Arrays.stream(servers).forEach(RedisServer::resume);
        }
        return building.get(Timing.scaled(CONNECT_TIMEOUT).toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Builds against frozen {@code servers}; asserts it fails as unavailable within {@link #FAIL_BOUND}. */
    private static RedisUnavailableException failWhileFrozen(HaspBuilder builder, RedisServer... servers) {
        Arrays.stream(servers).forEach(RedisServer::pause);
        try {
            long start = System.nanoTime();
            RedisUnavailableException failure;
            try (Hasp unexpected = builder.build()) {
                throw new AssertionError("connected to a frozen Redis: " + unexpected);
            } catch (RedisUnavailableException e) {
                failure = e;
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAIL_BOUND);
            return failure;
        } finally {
            Arrays.stream(servers).forEach(RedisServer::resume);
        }
    }

    /** Whether {@code thread} is parked on a timed future wait inside Hasp's connect code. */
    private static boolean isWaitingToConnect(Thread thread) {
        if (thread.getState() != Thread.State.TIMED_WAITING) {
            return false;
        }
        List<StackTraceElement> stack = Arrays.asList(thread.getStackTrace());
        return stack.stream().anyMatch(f -> f.getClassName().equals(CompletableFuture.class.getName()))
                && stack.stream().anyMatch(f -> f.getClassName().startsWith("io.hasp.internal.")
                        && f.getMethodName().equals("connect"));
    }

    /**
     * Connects once before the timed part: the first connection of a JVM loads Lettuce's and Netty's classes, which
     * takes seconds on a busy machine and would be counted against the bound on failing.
     */
    private static void warmUp(Supplier<Hasp> connect) {
        connect.get().close();
    }
}
