package io.hasp.faults.history;

import java.util.Objects;

/**
 * One line of a history: something a worker, the nemesis or the runner did or saw. Numbers that do not apply are
 * {@code -1}. Immutable and thread-safe.
 *
 * @param process who logged it: a worker incarnation such as {@code w2.1} (worker 2, first process), {@code nemesis}
 *     or {@code runner}
 * @param thread the worker thread, or -1
 * @param op what the event is about
 * @param type invoke, ok, fail or info
 * @param fence the lease's fencing token
 * @param read the counter value read (read ok; write invoke: the value the write is based on)
 * @param written the counter value the write sets
 * @param seq the resource's operation number for a fenced read or write: the order in which Redis ran them
 * @param nanos {@link System#nanoTime()} when the event happened. Every process on one host shares this clock
 *     (CLOCK_MONOTONIC on Linux), which is what lets the checker compare events across processes.
 * @param wallMillis the wall clock, for people reading the history
 * @param redisMicros the resource Redis's {@code TIME} when it ran the read or write, in microseconds
 * @param remainingNanos on read, write and release invokes: {@code lease.remaining()} sampled just after
 *     {@code nanos}, so {@code nanos + remainingNanos} is the latest moment the lease claimed to be valid
 * @param lost on invokes: whether the lease's {@code lost()} signal had completed
 * @param waitMillis on acquire invokes: how long the acquire may wait
 * @param leaseMillis on acquire invokes: the lease time
 * @param detail free text: the lease mode on acquire invokes ({@code watchdog} or {@code fixed}), an error, a fault's
 *     kind and target
 */
public record Event(String process, int thread, Op op, Type type, long fence, long read, long written, long seq,
        long nanos, long wallMillis, long redisMicros, long remainingNanos, boolean lost, long waitMillis,
        long leaseMillis, String detail) {

    public Event {
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(type, "type");
        detail = detail == null ? "" : detail;
    }

    /** A builder for an event of {@code process}, with every number unknown (-1) and the current times. */
    public static Builder of(String process, int thread, Op op, Type type) {
        return new Builder(process, thread, op, type);
    }

    /** The word at {@code index} of the space-separated detail (a fault's kind is word 0, its target word 1). */
    public String detailWord(int index) {
        String[] words = detail.split(" ");
        return index < words.length ? words[index] : "";
    }

    /** Builds an {@link Event}; not thread-safe. */
    public static final class Builder {
        private final String process;
        private final int thread;
        private final Op op;
        private final Type type;
        private long fence = -1;
        private long read = -1;
        private long written = -1;
        private long seq = -1;
        private long nanos = System.nanoTime();
        private long wallMillis = System.currentTimeMillis();
        private long redisMicros = -1;
        private long remainingNanos = -1;
        private boolean lost;
        private long waitMillis = -1;
        private long leaseMillis = -1;
        private String detail = "";

        private Builder(String process, int thread, Op op, Type type) {
            this.process = process;
            this.thread = thread;
            this.op = op;
            this.type = type;
        }

        public Builder fence(long fence) {
            this.fence = fence;
            return this;
        }

        public Builder read(long read) {
            this.read = read;
            return this;
        }

        public Builder written(long written) {
            this.written = written;
            return this;
        }

        public Builder seq(long seq) {
            this.seq = seq;
            return this;
        }

        public Builder nanos(long nanos) {
            this.nanos = nanos;
            return this;
        }

        public Builder wallMillis(long wallMillis) {
            this.wallMillis = wallMillis;
            return this;
        }

        public Builder redisMicros(long redisMicros) {
            this.redisMicros = redisMicros;
            return this;
        }

        /** The lease's claim at this moment: its remaining validity and whether {@code lost()} had completed. */
        public Builder claim(long remainingNanos, boolean lost) {
            this.remainingNanos = remainingNanos;
            this.lost = lost;
            return this;
        }

        public Builder waitMillis(long waitMillis) {
            this.waitMillis = waitMillis;
            return this;
        }

        public Builder leaseMillis(long leaseMillis) {
            this.leaseMillis = leaseMillis;
            return this;
        }

        public Builder detail(String detail) {
            this.detail = detail;
            return this;
        }

        public Event build() {
            return new Event(process, thread, op, type, fence, read, written, seq, nanos, wallMillis, redisMicros,
                    remainingNanos, lost, waitMillis, leaseMillis, detail);
        }
    }
}
