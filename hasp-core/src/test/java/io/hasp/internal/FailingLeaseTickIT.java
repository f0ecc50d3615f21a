package io.hasp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hasp.Lease;
import io.hasp.LockLostException;
import io.hasp.LockOptions;
import io.hasp.Ticker;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * A watchdog round walks every lease of the client. One lease whose tick threw (here its renewal, as a bug in one
 * lease's state would) ended the round, and no later round was ever scheduled: every other lease of the client went
 * unrenewed and expired in Redis while its holder still thought it held, and nobody heard of any loss. Now the
 * failing lease alone is declared lost, once, and the others are renewed as before. Real Redis; the fault is a
 * backend that throws for the one lock.
 */
@ExtendWith(RedisServerExtension.class)
class FailingLeaseTickIT {
    private static final String BROKEN = "broken";
    /** The broken lease's renewal is due first, so no renewal of the healthy one is in flight when it throws. */
    private static final LockOptions RENEWED_SOON = LockOptions.builder().watchdog(Duration.ofSeconds(1))
            .renewInterval(Duration.ofMillis(200)).build();
    private static final LockOptions RENEWED_LATER = LockOptions.builder().watchdog(Duration.ofSeconds(1))
            .renewInterval(Duration.ofMillis(600)).build();

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private RedisClient client;

    @AfterEach
    void stop() {
        timer.shutdownNow();
        executor.shutdownNow();
        if (client != null) {
            client.shutdown();
        }
    }

    @Test
    void aLeaseWhoseTickThrowsIsLostAloneAndTheOtherLeasesAreStillRenewed(RedisServer redis) throws Exception {
        client = RedisClient.create(redis.uri());
        StatefulRedisConnection<String, String> connection = client.connect();
        SingleNodeBackend real = new SingleNodeBackend(connection.async(),
                ServerFeatures.fromInfo(connection.sync().info("server")));
        BrokenForOneLock backend = new BrokenForOneLock(real);
        Ticker ticker = Ticker.system();
        LockContext context = new LockContext(backend, new WaitLines(new SubscribedChannels(), backend, timer, ticker),
                ticker, timer, executor, new LeaseWatchdog(timer, ticker), new LockEvents(List.of(), executor),
                new ClientLifecycle(key -> Optional.empty()));
        Logger leaseLog = (Logger) LoggerFactory.getLogger(RedisLease.class);
        Level configured = leaseLog.getLevel();
        leaseLog.setLevel(Level.WARN);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        leaseLog.addAppender(logged);
        try {
            Lease broken = new RedisLock(context, LockKeys.of("hasp", BROKEN), RENEWED_SOON).tryAcquire()
                    .orElseThrow();
            Lease healthy = new RedisLock(context, LockKeys.of("hasp", "healthy"), RENEWED_LATER).tryAcquire()
                    .orElseThrow();
            Duration bound = Timing.scaled(Duration.ofSeconds(10));

            LockLostException reason = broken.lost().toCompletableFuture().get(bound.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(reason).hasMessageContaining("watchdog").hasMessageContaining(broken.tokenPrefix());
            int renewedBefore = backend.healthyRenewals.get();
            // Each renewal sets a 1 s lease anew: four more take over a second, past the lease the last one set.
            Timing.await("the healthy lease renewed four more times", bound,
                    () -> backend.healthyRenewals.get() >= renewedBefore + 4);
            assertThat(healthy.isValid()).isTrue();
            assertThat(healthy.lost().toCompletableFuture()).isNotDone();
            assertThat(healthy.release()).isTrue();

            List<String> lines = logged.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(line -> line.contains("'" + BROKEN + "'")).toList();
            assertThat(lines).as("logged once, by its token's prefix").hasSize(1)
                    .allMatch(line -> line.contains(broken.tokenPrefix()) && line.contains("a bug"));
            assertThat(logged.list).noneMatch(event -> event.getFormattedMessage().contains(backend.brokenToken));
        } finally {
            leaseLog.detachAppender(logged);
            leaseLog.setLevel(configured);
        }
    }

    /** The real backend, whose extend throws for the one lock (keeping its token to check it is never logged). */
    private static final class BrokenForOneLock implements LockBackend {
        private final LockBackend real;
        final AtomicInteger healthyRenewals = new AtomicInteger();
        volatile String brokenToken = "none yet";

        BrokenForOneLock(LockBackend real) {
            this.real = real;
        }

        @Override
        public CompletableFuture<AcquireReply> tryAcquire(LockKeys keys, String token, long leaseMillis) {
            if (keys.name().equals(BROKEN)) {
                brokenToken = token;
            }
            return real.tryAcquire(keys, token, leaseMillis);
        }

        @Override
        public CompletableFuture<Boolean> release(LockKeys keys, String token) {
            return real.release(keys, token);
        }

        @Override
        public CompletableFuture<Boolean> cleanUp(LockKeys keys, String token) {
            return real.cleanUp(keys, token);
        }

        @Override
        public CompletableFuture<Boolean> holds(LockKeys keys, String token, long validUntil) {
            return real.holds(keys, token, validUntil);
        }

        @Override
        public CompletableFuture<Boolean> extend(LockKeys keys, String token, long leaseMillis) {
            if (keys.name().equals(BROKEN)) {
                throw new IllegalStateException("a bug in the state of lease " + token);
            }
            return real.extend(keys, token, leaseMillis).thenApply(extended -> {
                if (extended) {
                    healthyRenewals.incrementAndGet();
                }
                return extended;
            });
        }
    }
}
