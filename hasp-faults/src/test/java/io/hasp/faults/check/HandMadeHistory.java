package io.hasp.faults.check;

import io.hasp.faults.history.Event;
import io.hasp.faults.history.History;
import io.hasp.faults.history.Op;
import io.hasp.faults.history.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds histories by hand for checker tests. Times are in milliseconds from an arbitrary origin; remaining validity
 * claims are in milliseconds too. Not thread-safe.
 */
final class HandMadeHistory {
    /** The validity every claim carries unless a test says otherwise. */
    static final long CLAIM_MS = 900;
    private static final long ORIGIN = 1_000_000_000_000L;

    private final List<Event> events = new ArrayList<>();
    private int faultIds;

    static long nanos(long millis) {
        return ORIGIN + millis * 1_000_000L;
    }

    HandMadeHistory start(String process, long atMs) {
        return add(Event.of(process, -1, Op.START, Type.OK).nanos(nanos(atMs)).build());
    }

    HandMadeHistory exit(String process, long atMs) {
        return add(Event.of(process, -1, Op.EXIT, Type.OK).nanos(nanos(atMs)).build());
    }

    HandMadeHistory acquire(String process, int thread, long fence, long invokeMs, long okMs) {
        return acquireInvoke(process, thread, invokeMs, "watchdog", 1_000)
                .add(Event.of(process, thread, Op.ACQUIRE, Type.OK).fence(fence).nanos(nanos(okMs)).build());
    }

    HandMadeHistory acquireInvoke(String process, int thread, long invokeMs, String mode, long leaseMs) {
        return add(Event.of(process, thread, Op.ACQUIRE, Type.INVOKE).waitMillis(1_500).leaseMillis(leaseMs)
                .detail(mode).nanos(nanos(invokeMs)).build());
    }

    HandMadeHistory acquireOk(String process, int thread, long fence, long okMs) {
        return add(Event.of(process, thread, Op.ACQUIRE, Type.OK).fence(fence).nanos(nanos(okMs)).build());
    }

    HandMadeHistory acquireDone(String process, int thread, Type type, long atMs) {
        return add(Event.of(process, thread, Op.ACQUIRE, type).nanos(nanos(atMs)).build());
    }

    HandMadeHistory read(String process, int thread, long fence, long invokeMs, long okMs, long value, long seq) {
        return readInvoke(process, thread, fence, invokeMs, CLAIM_MS)
                .add(Event.of(process, thread, Op.READ, Type.OK).fence(fence).read(value).seq(seq)
                        .nanos(nanos(okMs)).build());
    }

    HandMadeHistory readInvoke(String process, int thread, long fence, long invokeMs, long claimMs) {
        return add(Event.of(process, thread, Op.READ, Type.INVOKE).fence(fence).nanos(nanos(invokeMs))
                .claim(claimMs * 1_000_000L, false).build());
    }

    HandMadeHistory readRejected(String process, int thread, long fence, long atMs, long seq) {
        return add(Event.of(process, thread, Op.READ, Type.FAIL).fence(fence).seq(seq).nanos(nanos(atMs)).build());
    }

    /** A write of {@code read + 1} claiming {@link #CLAIM_MS}; {@code outcome} ok (applied), fail or info. */
    HandMadeHistory write(String process, int thread, long fence, long invokeMs, long doneMs, long read, long seq,
            Type outcome) {
        return writeInvoke(process, thread, fence, invokeMs, read, CLAIM_MS, false)
                .writeDone(process, thread, fence, doneMs, read, seq, outcome);
    }

    HandMadeHistory writeInvoke(String process, int thread, long fence, long invokeMs, long read, long claimMs,
            boolean lost) {
        return add(Event.of(process, thread, Op.WRITE, Type.INVOKE).fence(fence).read(read).written(read + 1)
                .nanos(nanos(invokeMs)).claim(claimMs * 1_000_000L, lost).build());
    }

    HandMadeHistory writeDone(String process, int thread, long fence, long doneMs, long read, long seq,
            Type outcome) {
        if (outcome == Type.INFO && seq < 0) {
            return add(Event.of(process, thread, Op.WRITE, Type.INFO).fence(fence).nanos(nanos(doneMs)).build());
        }
        return add(Event.of(process, thread, Op.WRITE, outcome).fence(fence).read(read).written(read + 1).seq(seq)
                .nanos(nanos(doneMs)).build());
    }

    HandMadeHistory release(String process, int thread, long fence, long invokeMs, long doneMs, Type outcome,
            long claimMs) {
        add(Event.of(process, thread, Op.RELEASE, Type.INVOKE).fence(fence).nanos(nanos(invokeMs))
                .claim(claimMs * 1_000_000L, false).build());
        return add(Event.of(process, thread, Op.RELEASE, outcome).fence(fence).nanos(nanos(doneMs)).build());
    }

    HandMadeHistory lost(String process, int thread, long fence, long atMs) {
        return add(Event.of(process, thread, Op.LOST, Type.INFO).fence(fence).nanos(nanos(atMs)).build());
    }

    /** A whole correct cycle in 10 ms from {@code atMs}: acquire, read {@code value}, write value + 1, release. */
    HandMadeHistory cycle(String process, int thread, long fence, long atMs, long value, long seq) {
        return acquire(process, thread, fence, atMs, atMs + 1)
                .read(process, thread, fence, atMs + 2, atMs + 3, value, seq)
                .write(process, thread, fence, atMs + 5, atMs + 6, value, seq + 1, Type.OK)
                .release(process, thread, fence, atMs + 7, atMs + 8, Type.OK, CLAIM_MS);
    }

    /** {@code count} correct cycles by alternating processes, starting from counter 0 and token 1. */
    HandMadeHistory serialCycles(int count) {
        for (int i = 0; i < count; i++) {
            cycle(i % 2 == 0 ? "w1.1" : "w2.1", 0, i + 1, i * 10L, i, 2L * i + 1);
        }
        return this;
    }

    HandMadeHistory fault(String detail, long startMs, long endMs) {
        int id = ++faultIds;
        add(Event.of("nemesis", id, Op.FAULT, Type.INVOKE).detail(detail).nanos(nanos(startMs)).build());
        return add(Event.of("nemesis", id, Op.FAULT, Type.OK).nanos(nanos(endMs)).build());
    }

    HandMadeHistory stall(long startMs, long endMs) {
        int id = ++faultIds;
        add(Event.of("runner", id, Op.STALL, Type.INVOKE).nanos(nanos(startMs)).build());
        return add(Event.of("runner", id, Op.STALL, Type.OK).nanos(nanos(endMs)).build());
    }

    HandMadeHistory finalValue(long value) {
        return add(Event.of("runner", -1, Op.FINAL, Type.OK).read(value).build());
    }

    HandMadeHistory add(Event event) {
        events.add(event);
        return this;
    }

    History build() {
        return History.of(events);
    }

    RunModel model() {
        return RunModel.build(build());
    }
}
