package io.hasp;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

/**
 * An in-test referee for a read-write lock, shared by the threads of one test: it books every hold in its own
 * counters and counts each breach of the lock's promises (a writer with anyone else, a writer's fence not above the
 * last write's, a reader's fence other than the last write's, a release that found the hold gone). A downgrading
 * holder books itself as a reader while it still holds the write side, so a writer admitted in a gap of the downgrade
 * finds a reader. A release that fails throws to the caller (a lease's close would only log it). Thread-safe.
 */
final class ReadWriteReferee {
    private final AtomicInteger readers = new AtomicInteger();
    private final AtomicInteger writers = new AtomicInteger();
    private final AtomicInteger violations = new AtomicInteger();
    private final AtomicLong lastWrite = new AtomicLong();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();

    /** Holds {@code read} for about {@code millis}, then releases it. */
    void read(Lease read, long millis) {
        try (read) {
            readers.incrementAndGet();
            checkRead(read);
            pause(millis);
            readers.decrementAndGet();
            reads.incrementAndGet();
            release(read);
        }
    }

    /** Holds {@code write} for about {@code millis}, then releases it. */
    void write(Lease write, long millis) {
        try (write) {
            startWrite(write);
            pause(millis);
            writers.decrementAndGet();
            writes.incrementAndGet();
            release(write);
        }
    }

    /**
     * Holds {@code write} for about {@code millis}, turns it into a read lease with {@code downgrade}, holds that for
     * about {@code millis} more, then releases it.
     */
    void writeThenRead(Lease write, UnaryOperator<Lease> downgrade, long millis) {
        startWrite(write);
        pause(millis);
        readers.incrementAndGet();
        writers.decrementAndGet();
        writes.incrementAndGet();
        try (Lease read = downgrade.apply(write)) {
            checkRead(read);
            pause(millis);
            checkRead(read);
            readers.decrementAndGet();
            reads.incrementAndGet();
            release(read);
        }
    }

    int violations() {
        return violations.get();
    }

    int reads() {
        return reads.get();
    }

    int writes() {
        return writes.get();
    }

    private void startWrite(Lease write) {
        if (writers.incrementAndGet() != 1 || readers.get() != 0 || write.fencingToken() <= lastWrite.get()) {
            violations.incrementAndGet();
        }
        lastWrite.set(write.fencingToken());
    }

    private void checkRead(Lease read) {
        if (writers.get() != 0 || read.fencingToken() != lastWrite.get()) {
            violations.incrementAndGet();
        }
    }

    private void release(Lease lease) {
        if (!lease.release()) {
            violations.incrementAndGet();
        }
    }

    private static void pause(long millis) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }
}
