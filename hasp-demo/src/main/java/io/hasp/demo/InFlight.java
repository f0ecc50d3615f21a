package io.hasp.demo;

import com.sun.net.httpserver.HttpHandler;
import java.time.Duration;

/**
 * Counts requests in progress so that shutdown can wait for them to finish, and turns new requests away with 503
 * once shutdown began.
 *
 * <p>Why not just {@code HttpServer.stop(delay)}: on JDK 17 it always waits the whole delay, even with nothing in
 * flight (fixed only in JDK 21), which made every stop slow.
 *
 * <p>Thread-safe: the count and the closing flag are guarded by this object's monitor, and the waiter is woken by
 * {@code notifyAll} when the count drops to zero.
 */
final class InFlight {
    private int count;
    private boolean closing;

    /** Wraps {@code handler} so that it counts while it runs, and answers 503 once closing. */
    HttpHandler track(HttpHandler handler, String instance) {
        return exchange -> {
            if (!enter()) {
                try (exchange) {
                    exchange.getResponseHeaders().set("Connection", "close");
                    Reply.json(503, Json.error("shutting down", "this instance is stopping", instance)).send(exchange);
                }
                return;
            }
            try {
                handler.handle(exchange);
            } finally {
                exit();
            }
        };
    }

    private synchronized boolean enter() {
        if (closing) {
            return false;
        }
        count++;
        return true;
    }

    private synchronized void exit() {
        count--;
        if (count == 0) {
            notifyAll();
        }
    }

    /**
     * Refuses new requests from now on and waits up to {@code grace} for those in progress.
     *
     * @return whether none was left in progress
     */
    synchronized boolean closeAndAwait(Duration grace) throws InterruptedException {
        closing = true;
        long deadline = System.nanoTime() + grace.toNanos();
        while (count > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
