package io.hasp.internal;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a client that makes its own Lettuce client reconnects, and how it reports an outage. Lettuce's default reconnect
 * delay doubles up to 30 s, so after a long outage the first call once Redis is back would wait seconds for the next
 * reconnect attempt; the attempts here are at most {@link #MAX_DELAY} apart. Waiting calls retry within their wait
 * meanwhile (see {@link AcquireLoop}), so an outage is logged once when the connection drops and once when it is back,
 * not once per retry. Thread-safe.
 */
final class ReconnectPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(ReconnectPolicy.class);
    static final Duration MAX_DELAY = Duration.ofSeconds(1);

    private ReconnectPolicy() {
    }

    /** Resources for a Lettuce client of our own, with the capped reconnect delay; shut them down with the client. */
    static ClientResources ownResources() {
        return DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(5), MAX_DELAY, 2, TimeUnit.MILLISECONDS))
                .build();
    }

    /** Shuts down resources made by {@link #ownResources()}. */
    static CompletableFuture<Void> shutdown(ClientResources resources) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        resources.shutdown(0, 2, TimeUnit.SECONDS).addListener(f -> done.complete(null));
        return done;
    }

    /** A listener that logs one line when {@code where}'s connection drops and one when it is back. */
    static RedisConnectionStateListener outageLog(String where) {
        return new RedisConnectionStateListener() {
            /** When the connection dropped, on the monotonic clock; 0 while it is up. */
            private final AtomicLong downSince = new AtomicLong();

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                if (!connection.isClosed() && downSince.compareAndSet(0, System.nanoTime() | 1)) { // not a close
                    LOG.warn("lost the connection to Redis {}; reconnecting, waiting calls retry meanwhile", where);
                }
            }

            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                long since = downSince.getAndSet(0);
                if (since != 0) {
                    LOG.info("reconnected to Redis {} after {} ms", where,
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since));
                }
            }
        };
    }
}
