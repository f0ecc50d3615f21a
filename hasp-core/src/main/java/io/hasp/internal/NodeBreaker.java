package io.hasp.internal;

import io.hasp.Ticker;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A circuit breaker for one Redlock node: after {@code threshold} failures in a row it opens, and while open no
 * command is sent to the node (the node counts as a "no" at no cost). Once the cool-down is over, exactly one caller
 * claims a probe; the probe's outcome closes the breaker or restarts the cool-down.
 *
 * <p>Failures closer together than {@code spacingNanos} (the per-node timeout) count once: one stall, of the node or
 * of this JVM, times out every command in flight at the same moment, and that is one piece of evidence, not dozens.
 * So the breaker opens only after the node has failed for about {@code threshold - 1} timeouts' worth of time.
 *
 * <p>Design note. State is a failure count with the instant of the last counted failure, an open flag with the
 * instant it opened, and a probe claim, each atomic on its own. Races between concurrent callers are benign: a
 * success and a failure arriving together may leave the count one off, which shifts the moment the breaker opens by
 * one failure; no caller ever blocks. Thread-safe.
 */
final class NodeBreaker {
    private final int threshold;
    private final long coolDownNanos;
    private final long spacingNanos;
    private final Ticker ticker;
    private final AtomicInteger failuresInARow = new AtomicInteger();
    private final AtomicLong lastCountedFailure;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile boolean open;
    private volatile long openedAt;

    NodeBreaker(int threshold, long coolDownNanos, long spacingNanos, Ticker ticker) {
        this.threshold = threshold;
        this.coolDownNanos = coolDownNanos;
        this.spacingNanos = spacingNanos;
        this.ticker = ticker;
        this.lastCountedFailure = new AtomicLong(ticker.read() - spacingNanos);
    }

    /** Whether commands may be sent to the node now. */
    boolean isClosed() {
        return !open;
    }

    /**
     * Whether the caller should probe the node now: the breaker is open, its cool-down is over, and no other probe is
     * in flight. A {@code true} answer claims the probe; report its outcome with {@link #probeSucceeded} or
     * {@link #probeFailed}.
     */
    boolean claimProbe() {
        return open && ticker.read() - openedAt >= coolDownNanos && probing.compareAndSet(false, true);
    }

    /** The node answered: close the breaker and forget earlier failures. */
    void onSuccess() {
        failuresInARow.set(0);
        open = false;
    }

    /** The node did not answer in time or could not be reached; {@code true} if this failure opened the breaker. */
    boolean onFailure() {
        long now = ticker.read();
        long last = lastCountedFailure.get();
        if (now - last < spacingNanos || !lastCountedFailure.compareAndSet(last, now)) {
            return false; // the same stall as a failure already counted
        }
        if (failuresInARow.incrementAndGet() >= threshold && !open) {
            openedAt = now;
            open = true;
            return true;
        }
        return false;
    }

    /** Opens the breaker at once, e.g. for a node that could not be connected at start. */
    void trip() {
        failuresInARow.set(threshold);
        openedAt = ticker.read();
        open = true;
    }

    void probeSucceeded() {
        onSuccess();
        probing.set(false);
    }

    void probeFailed() {
        openedAt = ticker.read();
        open = true;
        probing.set(false);
    }
}
