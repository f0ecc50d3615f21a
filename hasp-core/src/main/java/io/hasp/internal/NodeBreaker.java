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
 * one failure; no caller ever blocks. The open flag changes only by compare-and-set, so each opening and each
 * closing is told to {@code onOpen} / {@code onClose} exactly once, by the caller that made it. Thread-safe.
 */
final class NodeBreaker {
    private final int threshold;
    private final long coolDownNanos;
    private final long spacingNanos;
    private final Ticker ticker;
    private final AtomicInteger failuresInARow = new AtomicInteger();
    private final AtomicLong lastCountedFailure;
    private final AtomicBoolean probing = new AtomicBoolean();
    private final AtomicBoolean open = new AtomicBoolean();
    private volatile long openedAt;
    private final Runnable onOpen;
    private final Runnable onClose;

    /** {@code onOpen} and {@code onClose} run on the caller that changed the state: they must return at once. */
    NodeBreaker(int threshold, long coolDownNanos, long spacingNanos, Ticker ticker, Runnable onOpen,
            Runnable onClose) {
        this.threshold = threshold;
        this.coolDownNanos = coolDownNanos;
        this.spacingNanos = spacingNanos;
        this.ticker = ticker;
        this.onOpen = onOpen;
        this.onClose = onClose;
        this.lastCountedFailure = new AtomicLong(ticker.read() - spacingNanos);
    }

    /** Whether commands may be sent to the node now. */
    boolean isClosed() {
        return !open.get();
    }

    /**
     * Whether the caller should probe the node now: the breaker is open, its cool-down is over, and no other probe is
     * in flight. A {@code true} answer claims the probe; report its outcome with {@link #probeSucceeded} or
     * {@link #probeFailed}.
     */
    boolean claimProbe() {
        return open.get() && ticker.read() - openedAt >= coolDownNanos && probing.compareAndSet(false, true);
    }

    /** The node answered: close the breaker and forget earlier failures. */
    void onSuccess() {
        failuresInARow.set(0);
        if (open.get() && open.compareAndSet(true, false)) { // the read first: no write on the hot path
            onClose.run();
        }
    }

    /** The node did not answer in time or could not be reached; {@code true} if this failure opened the breaker. */
    boolean onFailure() {
        long now = ticker.read();
        long last = lastCountedFailure.get();
        if (now - last < spacingNanos || !lastCountedFailure.compareAndSet(last, now)) {
            return false; // the same stall as a failure already counted
        }
        if (failuresInARow.incrementAndGet() >= threshold && !open.get()) {
            openedAt = now;
            return opened();
        }
        return false;
    }

    /** Opens the breaker at once, e.g. for a node that could not be connected at start. */
    void trip() {
        failuresInARow.set(threshold);
        openedAt = ticker.read();
        opened();
    }

    void probeSucceeded() {
        onSuccess();
        probing.set(false);
    }

    void probeFailed() {
        openedAt = ticker.read();
        opened(); // still open, unless a late answer closed it meanwhile
        probing.set(false);
    }

    /** Opens the breaker; {@code true} (and {@code onOpen} told) if it was closed. */
    private boolean opened() {
        if (open.compareAndSet(false, true)) {
            onOpen.run();
            return true;
        }
        return false;
    }
}
