package io.hasp.internal;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * How a client that makes its own Lettuce client reconnects. Lettuce's default reconnect delay doubles up to 30 s, so
 * after a long outage the first call once Redis is back would wait seconds for the next reconnect attempt; the
 * attempts here are at most {@link #MAX_DELAY} apart. Waiting calls retry within their wait
 * meanwhile (see {@link AcquireLoop}), and {@link OutageLog} logs an outage once when the connection drops and once
 * when it is back, not once per retry. Thread-safe.
 */
final class ReconnectPolicy {
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
}
