package io.hasp.faults.check;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Everything one lease did: its acquire, its read and write of the shared counter, its release attempts, and when its
 * {@code lost()} signal fired. Built once by {@link RunModel}; not thread-safe while being built, read-only after.
 */
public final class LeaseRecord {
    private final Operation acquire;
    private final long fence;
    private Operation read;
    private Operation write;
    private final List<Operation> releases = new ArrayList<>();
    private long lostAt = -1;

    LeaseRecord(Operation acquire) {
        this.acquire = acquire;
        this.fence = acquire.completion().fence();
    }

    public String process() {
        return acquire.process();
    }

    public int thread() {
        return acquire.invoke().thread();
    }

    public long fence() {
        return fence;
    }

    public Operation acquire() {
        return acquire;
    }

    /** The fenced read, or {@code null} if the lease never got to read. */
    public Operation read() {
        return read;
    }

    /** The fenced write, or {@code null} if the lease never wrote. */
    public Operation write() {
        return write;
    }

    public List<Operation> releases() {
        return Collections.unmodifiableList(releases);
    }

    /** When {@code lost()} fired, or -1 if it never did. */
    public long lostAt() {
        return lostAt;
    }

    /** Whether the lease was taken with a fixed lease time (no watchdog). */
    public boolean fixedLease() {
        return "fixed".equals(acquire.invoke().detail());
    }

    /** The lease time given at acquire. */
    public long leaseMillis() {
        return acquire.invoke().leaseMillis();
    }

    /** When the first release was invoked, or {@link Long#MAX_VALUE} if never. */
    public long firstReleaseAt() {
        return releases.isEmpty() ? Long.MAX_VALUE : releases.get(0).invokedAt();
    }

    /** Whether the write is known to have been applied. */
    public boolean applied() {
        return write != null && write.ok();
    }

    /** Whether the write may or may not have been applied. */
    public boolean maybeApplied() {
        return write != null && write.indeterminate();
    }

    void attach(Operation op) {
        switch (op.op()) {
            case READ -> read = op;
            case WRITE -> write = op;
            case RELEASE -> releases.add(op);
            default -> throw new IllegalArgumentException("not a lease operation: " + op.op());
        }
    }

    void lost(long at) {
        if (lostAt < 0 || at < lostAt) {
            lostAt = at;
        }
    }

    @Override
    public String toString() {
        return process() + "/t" + thread() + " fence " + fence;
    }
}
