package io.hasp.testkit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The faults a {@link FaultProxy} currently applies. Thread-safe: every field is written under {@code lock}, and
 * every change signals {@code changed}, so a writer thread holding a chunk re-evaluates at once when latency drops
 * or a blackhole lifts, instead of sleeping out a stale delay.
 */
final class ProxyFaults {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long latencyNanos;
    private long jitterNanos;
    private boolean blackhole;
    private volatile boolean refuse;
    private final AtomicInteger greetingsToDrop = new AtomicInteger();

    void latency(Duration latency, Duration jitter) {
        lock.lock();
        try {
            latencyNanos = latency.toNanos();
            jitterNanos = jitter.toNanos();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    Duration latency() {
        lock.lock();
        try {
            return Duration.ofNanos(latencyNanos);
        } finally {
            lock.unlock();
        }
    }

    Duration jitter() {
        lock.lock();
        try {
            return Duration.ofNanos(jitterNanos);
        } finally {
            lock.unlock();
        }
    }

    void blackhole(boolean on) {
        lock.lock();
        try {
            blackhole = on;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean blackhole() {
        lock.lock();
        try {
            return blackhole;
        } finally {
            lock.unlock();
        }
    }

    void refuse(boolean on) {
        refuse = on;
    }

    boolean refuse() {
        return refuse;
    }

    void dropGreetings(int connections) {
        greetingsToDrop.set(connections);
    }

    /** Whether the connection accepted now is one to drop during its greeting; counts it if so. */
    boolean takeGreetingToDrop() {
        return greetingsToDrop.getAndUpdate(left -> Math.max(0, left - 1)) > 0;
    }

    void reset() {
        lock.lock();
        try {
            latencyNanos = 0;
            jitterNanos = 0;
            blackhole = false;
            refuse = false;
            greetingsToDrop.set(0);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Blocks while a blackhole is on. */
    void awaitFlowing() throws InterruptedException {
        lock.lock();
        try {
            while (blackhole) {
                changed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Blocks until a chunk that arrived at {@code arrivalNanos} may be delivered: no blackhole, and the current
     * latency plus its share of the jitter ({@code jitterDraw} in [0, 1) of it) has passed since its arrival.
     * Measuring from arrival (not from when the writer got to it) keeps delays from adding up when chunks queue
     * behind each other. Order is the caller's: one writer per direction takes its chunks in arrival order, so a
     * chunk whose draw came out shorter than its predecessor's leaves right after it, never before it.
     */
    void awaitDelivery(long arrivalNanos, double jitterDraw) throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                if (blackhole) {
                    changed.await();
                    continue;
                }
                long wait = arrivalNanos + latencyNanos + (long) (jitterDraw * jitterNanos) - System.nanoTime();
                if (wait <= 0) {
                    return;
                }
                changed.awaitNanos(wait);
            }
        } finally {
            lock.unlock();
        }
    }
}
