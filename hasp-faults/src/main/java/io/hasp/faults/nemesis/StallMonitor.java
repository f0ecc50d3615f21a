package io.hasp.faults.nemesis;

import io.hasp.faults.history.Event;
import io.hasp.faults.history.HistoryWriter;
import io.hasp.faults.history.Op;
import io.hasp.faults.history.Type;
import java.time.Duration;

/**
 * Watches for stalls of the host: a daemon thread sleeps {@link #TICK} at a time and logs every gap longer than
 * {@link #STALL} as a stall in the runner's history. On a machine shared with other heavy work every process can be
 * descheduled for seconds at once; the checker adds such stalls to liveness deadlines (as it adds the time a worker
 * was frozen), so a loaded host is not reported as a stuck waiter while a real hang still is.
 *
 * <p>Thread-safe: one thread owns the tick state; {@link #close()} only interrupts and joins it.
 */
final class StallMonitor implements AutoCloseable {
    static final Duration TICK = Duration.ofMillis(20);
    static final Duration STALL = Duration.ofMillis(200);

    private final HistoryWriter history;
    private final Thread thread;

    private StallMonitor(HistoryWriter history) {
        this.history = history;
        this.thread = new Thread(this::watch, "stall-monitor");
        thread.setDaemon(true);
    }

    static StallMonitor start(HistoryWriter history) {
        StallMonitor monitor = new StallMonitor(history);
        monitor.thread.start();
        return monitor;
    }

    private void watch() {
        int stalls = 0;
        long last = System.nanoTime();
        try {
            while (true) {
                Thread.sleep(TICK.toMillis());
                long now = System.nanoTime();
                if (now - last - TICK.toNanos() > STALL.toNanos()) {
                    stalls++;
                    history.log(Event.of("runner", stalls, Op.STALL, Type.INVOKE).nanos(last).build());
                    history.log(Event.of("runner", stalls, Op.STALL, Type.OK).nanos(now).build());
                }
                last = now;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(TICK.multipliedBy(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
