package io.hasp.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.hasp.HaspException;
import io.hasp.Lease;
import io.hasp.Lock;
import io.hasp.LockTimeoutException;
import io.hasp.RedisUnavailableException;
import io.lettuce.core.RedisException;
import java.io.IOException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /increment}: read the counter, work, write counter + 1 — under the lock {@code counter} with fenced store
 * access, or with {@code ?unsafe=true} without either, to show what the lock is for.
 *
 * <p>Design note. Each request runs on one pool thread from start to end; the handler's only shared state is the
 * set of leases currently held, kept so that shutdown can release a lease whose thread did not finish in time
 * (normally each request releases its own in a {@code finally}; releasing twice is harmless, the second reports
 * {@code false}). A lease that outlives its lease time is not trusted to be exclusive: the store's fencing refuses
 * its stale read or write, and the request answers 409 rather than report a value that may be wrong. Thread-safe.
 */
final class IncrementHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(IncrementHandler.class);
    private static final int CONFLICT = 409;
    private static final int UNAVAILABLE = 503;
    /**
     * Every reply's body length (before the newline), padded with spaces: room for the longest success reply (a
     * 64-character instance name and 19-digit numbers). See {@link Reply#paddedTo}.
     */
    static final int REPLY_LENGTH = 200;

    private final Lock lock;
    private final CounterStore store;
    private final ServiceMetrics metrics;
    private final Duration work;
    private final Duration lockWait;
    private final String instance;
    private final Set<Lease> held = ConcurrentHashMap.newKeySet();

    IncrementHandler(Lock lock, CounterStore store, ServiceMetrics metrics, Duration work, Duration lockWait,
            String instance) {
        this.lock = lock;
        this.store = store;
        this.metrics = metrics;
        this.work = work;
        this.lockWait = lockWait;
        this.instance = instance;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("POST")) {
                exchange.getResponseHeaders().set("Allow", "GET, POST");
                Reply.json(405, Json.error("method not allowed", "use GET or POST", instance)).send(exchange);
                return;
            }
            Reply reply;
            boolean interrupted = false;
            try {
                reply = isUnsafe(exchange.getRequestURI().getRawQuery()) ? incrementUnsafely() : incrementLocked();
            } catch (InterruptedException e) {
                // Restore the flag only after sending: the server's socket channel is interruptible and would close.
                interrupted = true;
                reply = Reply.json(UNAVAILABLE, Json.error("shutting down", "the request was aborted", instance));
            } catch (HaspException e) {
                // The exception's message stays in the log: a client gets a fixed text, never internals.
                LOG.warn("/increment failed on the lock: {}", Printable.text(e));
                reply = Reply.json(UNAVAILABLE, e instanceof RedisUnavailableException
                        ? Json.error("lock redis unavailable", "the lock Redis did not answer", instance)
                        : Json.error("lock error", "the lock could not be taken; see the service log", instance));
            } catch (RedisException e) {
                LOG.warn("/increment failed on the store: {}", Printable.text(e));
                reply = Reply.json(UNAVAILABLE, Json.error("store unavailable", StatusHandlers.STORE_DOWN, instance));
            }
            try {
                reply.paddedTo(REPLY_LENGTH).send(exchange);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    static boolean isUnsafe(String query) {
        if (query == null) {
            return false;
        }
        for (String pair : query.split("&")) {
            if (pair.equals("unsafe=true") || pair.equals("unsafe=1") || pair.equals("unsafe")) {
                return true;
            }
        }
        return false;
    }

    /** The article's bug without the lock: concurrent requests read the same value and overwrite each other. */
    private Reply incrementUnsafely() throws InterruptedException {
        long next = store.read() + 1;
        pause(work);
        store.write(next);
        metrics.unsafeIncrements.increment();
        return success(next, "null", 0);
    }

    private Reply incrementLocked() throws InterruptedException {
        long askedAt = System.nanoTime();
        Lease lease;
        try {
            lease = lock.acquire(lockWait);
        } catch (LockTimeoutException e) {
            return Reply.json(CONFLICT, Json.error("lock timeout", "the lock stayed held for the whole lock wait of "
                    + Durations.format(lockWait), instance));
        }
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - askedAt);
        held.add(lease);
        try {
            return criticalSection(lease, waitedMs);
        } finally {
            held.remove(lease);
            release(lease);
        }
    }

    private Reply criticalSection(Lease lease, long waitedMs) throws InterruptedException {
        long fence = lease.fencingToken();
        OptionalLong current = store.fencedRead(fence);
        if (current.isEmpty()) {
            return fencedOut(fence, "read");
        }
        pause(work);
        long next = current.getAsLong() + 1;
        if (!store.fencedWrite(fence, next)) {
            return fencedOut(fence, "write");
        }
        metrics.lockedIncrements.increment();
        return success(next, Long.toString(fence), waitedMs);
    }

    private Reply fencedOut(long fence, String what) {
        metrics.fencedRejected.increment();
        return Reply.json(CONFLICT, Json.error("fenced out", "the store refused the " + what + " with fencing token "
                + fence + ": the lease expired and a newer holder has been at the counter", instance));
    }

    private void release(Lease lease) {
        try {
            if (!lease.release()) {
                LOG.warn("lease {} on '{}' had expired before release: raise --lease above --work",
                        lease.tokenPrefix(), lease.lockName());
            }
        } catch (HaspException e) {
            LOG.warn("release of lease {} failed, it ends with its lease time: {}", lease.tokenPrefix(),
                    Printable.text(e));
        }
    }

    private Reply success(long counter, String fence, long waitedMs) {
        return Reply.json(200, "{\"counter\": " + counter + ", \"instance\": " + Json.string(instance)
                + ", \"fence\": " + fence + ", \"waitedMs\": " + waitedMs + "}");
    }

    private static void pause(Duration duration) throws InterruptedException {
        if (!duration.isZero()) {
            TimeUnit.NANOSECONDS.sleep(duration.toNanos());
        }
    }

    /** Releases the leases of requests that did not finish during shutdown; returns how many were still ours. */
    int releaseAll() {
        int released = 0;
        for (Lease lease : held) {
            try {
                if (lease.release()) {
                    released++;
                }
            } catch (HaspException e) {
                LOG.warn("release of lease {} at shutdown failed: {}", lease.tokenPrefix(), Printable.text(e));
            }
        }
        held.clear();
        return released;
    }
}
