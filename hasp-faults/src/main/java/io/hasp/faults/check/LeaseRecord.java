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
    /** A reader's second read (readers read twice), or {@code null}. */
    private Operation lastRead;
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

    /** The (first) fenced read, or {@code null} if the lease never got to read. */
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

    /**
     * What the acquire's completion said it holds: empty for a lock's or a write lock's lease, {@code term} for a
     * leader's term, {@code read} for a reader, {@code permit <N>} for one permit of a semaphore of N.
     */
    public String kind() {
        return acquire.completion().detail();
    }

    /** Whether others may hold beside it by design: a reader, or a semaphore's permit. */
    public boolean shared() {
        return kind().equals("read") || kind().startsWith("permit ");
    }

    /**
     * The last moment the holder said it held, by its own claims: the latest read, write or release invoke (up to the
     * first release) whose claim was valid, else the acquire's completion (a lease is valid when it is handed out).
     */
    public long lastBelievedAt() {
        long last = acquire.completedAt();
        List<Operation> steps = new ArrayList<>();
        if (read != null) {
            steps.add(read);
        }
        if (lastRead != null) {
            steps.add(lastRead);
        }
        if (write != null) {
            steps.add(write);
        }
        if (!releases.isEmpty()) {
            steps.add(releases.get(0));
        }
        for (Operation step : steps) {
            if (step.claimEnd() != Long.MIN_VALUE) {
                last = Math.max(last, step.invokedAt());
            }
        }
        return last;
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
            case READ -> {
                if (read == null) {
                    read = op;
                } else {
                    lastRead = op;
                }
            }
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
