package io.hasp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A clean-up runs behind the attempt it undoes, even when it is sent on the connection's own I/O thread while that
 * attempt, sent before by another thread, still waits in the I/O thread's queue. Netty writes a command sent on the
 * I/O thread at once, ahead of that queue: a Redlock round decided by other nodes' answers on that thread sent the
 * clean-up of a node still silent first, the late grant came after it, and the lock stayed taken for its lease.
 */
class CleanUpOrderIT {
    private static final long LEASE_MILLIS = 60_000;

    @RegisterExtension
    static final RedisServerExtension PER_TEST = RedisServerExtension.perTest();

    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private SingleNodeBackend backend;

    @BeforeEach
    void connect(RedisServer redis) {
        client = RedisClient.create(redis.uri());
        connection = client.connect();
        backend = new SingleNodeBackend(connection.async(), ServerFeatures.fromInfo(connection.sync().info("server")),
                client.getResources().eventExecutorGroup());
    }

    @AfterEach
    void close() {
        connection.close();
        client.shutdown();
    }

    @Test
    void aCleanUpSentOnTheIoThreadRunsBehindTheAttemptQueuedBeforeIt(RedisServer redis) throws Exception {
        LockKeys keys = LockKeys.of("hasp:", "order");
        String warm = Tokens.newToken();
        backend.tryAcquire(keys, warm, LEASE_MILLIS).get(10, TimeUnit.SECONDS); // both scripts cached
        backend.cleanUp(keys, warm).get(10, TimeUnit.SECONDS);

        String token = Tokens.newToken();
        AtomicReference<CompletableFuture<AcquireReply>> attempt = new AtomicReference<>();
        AtomicReference<CompletableFuture<Boolean>> cleanUp = new AtomicReference<>();
        AtomicReference<String> ioThread = new AtomicReference<>();
        // A blocking pop that waits 0.1 s: its answer, and the step below, run on the connection's I/O thread.
        CompletableFuture<Void> sent = connection.async().blpop(0.1, "hasp:never").toCompletableFuture()
                .thenAccept(nothing -> {
                    ioThread.set(Thread.currentThread().getName());
                    Thread sender = new Thread(() -> attempt.set(backend.tryAcquire(keys, token, LEASE_MILLIS)));
                    sender.start();
                    try {
                        sender.join(); // its write now waits in the I/O thread's queue, busy with this step
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    cleanUp.set(backend.cleanUp(keys, token));
                });
        sent.get(10, TimeUnit.SECONDS);
        assertThat(attempt.get().get(10, TimeUnit.SECONDS).acquired()).as("the attempt's grant").isTrue();
        cleanUp.get().get(10, TimeUnit.SECONDS);

        assertThat(ioThread.get()).as("where the clean-up was sent").contains("EventLoop");
        assertThat(redis.command("EXISTS", keys.lockKey())).as("the lock key after its clean-up").isEqualTo(0L);
    }
}
