package io.hasp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.Ticker;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Redlock node runs one call's commands in the order the call sent them, even where Netty would not: a command sent
 * on the connection's own I/O thread is written at once, ahead of a command another thread sent before it, whose
 * write still waits in that I/O thread's queue. Each test makes exactly that happen: it sends the first command from
 * another thread while the I/O thread is busy in a callback, then the second from the callback.
 */
class RedlockCallOrderIT {
    private static final long LEASE_MILLIS = 60_000;
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

    @RegisterExtension
    static final RedisServerExtension PER_TEST = RedisServerExtension.perTest();

    private RedisClient client;
    private ScheduledExecutorService timer;
    private RedlockNode node;
    private final LockKeys keys = LockKeys.of("hasp:", "order");
    private final String token = Tokens.newToken();

    @BeforeEach
    void connect(RedisServer redis) throws Exception {
        client = RedisClient.create();
        timer = Executors.newSingleThreadScheduledExecutor();
        Ticker ticker = Ticker.system();
        node = new RedlockNode(RedisURI.create(redis.uri()), Duration.ofSeconds(5), client, timer, new NodeBreaker(3,
                TimeUnit.SECONDS.toNanos(1), TIMEOUT_NANOS, ticker, () -> { }, () -> { }),
                new NodeIdentity(ticker, () -> 0L), new LeaseHorizon());
        node.connect().get(10, TimeUnit.SECONDS);
        String warm = Tokens.newToken(); // both scripts cached: no NOSCRIPT fallback reorders anything
        node.call(warm, backend -> backend.tryAcquire(keys, warm, LEASE_MILLIS), TIMEOUT_NANOS, true)
                .get(10, TimeUnit.SECONDS);
        node.call(warm, backend -> backend.cleanUp(keys, warm), TIMEOUT_NANOS, true).get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() throws Exception {
        node.closeAsync().get(10, TimeUnit.SECONDS);
        client.shutdown();
        timer.shutdownNow();
    }

    @Test
    void aReleaseSentOnTheIoThreadRunsBehindTheAcquireTheCallSentBefore(RedisServer redis) throws Exception {
        Sent<AcquireReply, Boolean> sent = sendInOrder(
                backend -> backend.tryAcquire(keys, token, LEASE_MILLIS),
                backend -> backend.cleanUp(keys, token));

        assertThat(sent.first().value().acquired()).as("the acquire's grant").isTrue();
        assertThat(sent.second().value()).as("the release found the grant").isTrue();
        assertThat(redis.command("EXISTS", keys.lockKey())).as("the lock key after its release").isEqualTo(0L);
    }

    @Test
    void anAcquireSentOnTheIoThreadRunsBehindTheReleaseTheCallSentBefore(RedisServer redis) throws Exception {
        Sent<Boolean, AcquireReply> sent = sendInOrder(
                backend -> backend.cleanUp(keys, token),
                backend -> backend.tryAcquire(keys, token, LEASE_MILLIS));

        assertThat(sent.first().value()).as("the release, with nothing to release yet").isFalse();
        assertThat(sent.second().value().acquired()).as("the acquire's grant").isTrue();
        assertThat(redis.command("GET", keys.lockKey())).as("the lock key, granted after the release")
                .isEqualTo(token);
    }

    /** The two commands' outcomes, each answered. */
    private record Sent<A, B>(NodeOutcome<A> first, NodeOutcome<B> second) {
    }

    /**
     * Sends {@code first} from another thread while the node's I/O thread runs a callback (so its write waits in that
     * thread's queue), then {@code second} from the callback itself, on the I/O thread.
     */
    private <A, B> Sent<A, B> sendInOrder(Function<SingleNodeBackend, CompletableFuture<A>> first,
            Function<SingleNodeBackend, CompletableFuture<B>> second) throws Exception {
        AtomicReference<CompletableFuture<NodeOutcome<A>>> firstSent = new AtomicReference<>();
        AtomicReference<CompletableFuture<NodeOutcome<B>>> secondSent = new AtomicReference<>();
        AtomicReference<String> ioThread = new AtomicReference<>();
        // A blocking pop that waits 0.1 s on the node's connection: its answer, and the step below, run on its I/O
        // thread.
        CompletableFuture<Void> callback = node.<Object>admin(commands -> commands.blpop(0.1, "hasp:never")
                .toCompletableFuture().thenApply(nothing -> null), TIMEOUT_NANOS).thenAccept(popped -> {
                    ioThread.set(Thread.currentThread().getName());
                    Thread sender = new Thread(() -> firstSent.set(node.call(token, first, TIMEOUT_NANOS, true)));
                    sender.start();
                    try {
                        sender.join(); // its write now waits in the I/O thread's queue, busy with this step
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    secondSent.set(node.call(token, second, TIMEOUT_NANOS, true));
                });
        callback.get(10, TimeUnit.SECONDS);
        assertThat(ioThread.get()).as("where the second command was sent").containsIgnoringCase("EventLoop");
        NodeOutcome<A> a = firstSent.get().get(10, TimeUnit.SECONDS);
        NodeOutcome<B> b = secondSent.get().get(10, TimeUnit.SECONDS);
        assertThat(a.ok()).as("the first command answered: %s", a).isTrue();
        assertThat(b.ok()).as("the second command answered: %s", b).isTrue();
        return new Sent<>(a, b);
    }
}
