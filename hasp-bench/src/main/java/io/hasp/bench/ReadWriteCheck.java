package io.hasp.bench;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The referee of the read-write lock scenario (P3): a writer is alone, never beside a reader or another writer.
 *
 * <p>Design note. A writer announces itself in {@code writers} and then looks at {@code readers}; a reader announces
 * itself in {@code readers} and then looks at {@code writers}. Both are sequentially consistent atomics, so when a
 * reader and a writer overlap at least one of them sees the other (the Dekker pattern). Writers also increment
 * {@code written} by a deliberately non-atomic read-then-write, which loses updates if two writers overlap, and
 * readers read it, as a resource would be read. Thread-safe.
 */
final class ReadWriteCheck implements Referee {
    private final AtomicInteger readers = new AtomicInteger();
    private final AtomicInteger writers = new AtomicInteger();
    private final LongAdder overlaps = new LongAdder();
    private final LongAdder reads = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private volatile long written;
    private volatile long lastRead;

    @Override
    public void run() {
        run(() -> { });
    }

    @Override
    public void run(Held held) {
        if (held.shared()) {
            read();
        } else {
            write();
        }
    }

    private void read() {
        readers.incrementAndGet();
        if (writers.get() != 0) {
            overlaps.increment();
        }
        lastRead = written;
        readers.decrementAndGet();
        reads.increment();
    }

    private void write() {
        if (writers.incrementAndGet() != 1 || readers.get() != 0) {
            overlaps.increment();
        }
        written = written + 1; // not atomic on purpose: overlapping writers lose updates
        writers.decrementAndGet();
        writes.increment();
    }

    /** Sections run by readers and by writers. */
    long reads() {
        return reads.sum();
    }

    long writes() {
        return writes.sum();
    }

    @Override
    public boolean held() {
        return overlaps.sum() == 0 && written == writes.sum();
    }

    @Override
    public String findings() {
        return overlaps.sum() + " overlaps with a writer, " + written + " writes counted after " + writes.sum()
                + " write sections, " + reads.sum() + " read sections (last read " + lastRead + ")";
    }
}
