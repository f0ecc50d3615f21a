package io.hasp.faults.nemesis;

import io.hasp.faults.history.Event;
import io.hasp.faults.history.HistoryWriter;
import io.hasp.faults.history.Op;
import io.hasp.faults.history.Type;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The nemesis's history: each fault is an invoke (injected) and an ok (healed) event with the same number in the
 * thread column, so faults that overlap in the mixed phase stay paired. Thread-safe.
 */
public final class FaultLog implements AutoCloseable {
    /** The process name of nemesis events. */
    public static final String PROCESS = "nemesis";

    private final HistoryWriter history;
    private final AtomicInteger ids = new AtomicInteger();

    public FaultLog(HistoryWriter history) {
        this.history = history;
    }

    /**
     * Logs a fault as injected now and returns its number.
     *
     * @param detail the kind, the target, and optionally {@code data-loss}, separated by spaces
     */
    public int begin(String detail) {
        int id = ids.incrementAndGet();
        history.log(Event.of(PROCESS, id, Op.FAULT, Type.INVOKE).detail(detail).build());
        return id;
    }

    /** Logs the fault as healed now. */
    public void end(int id) {
        history.log(Event.of(PROCESS, id, Op.FAULT, Type.OK).build());
    }

    @Override
    public void close() {
        history.close();
    }
}
