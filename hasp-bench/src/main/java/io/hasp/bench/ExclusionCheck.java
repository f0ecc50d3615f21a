package io.hasp.bench;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The critical section of the contended scenarios, and its referee. The work is tiny on purpose (increment a counter)
 * so that the lock hand-off dominates what is measured.
 *
 * <p>Design note. {@code counter} is incremented by a deliberately non-atomic read-then-write: if two holders ever
 * overlap, updates get lost and the final count falls short of the number of sections run. {@code inside} catches an
 * overlap directly when it happens. Both are only meaningful inside one JVM; every holder of one check shares it.
 * Thread-safe.
 */
final class ExclusionCheck implements Referee {
    private final AtomicInteger inside = new AtomicInteger();
    private final LongAdder overlaps = new LongAdder();
    private final LongAdder sections = new LongAdder();
    private volatile long counter;

    @Override
    public void run() {
        if (inside.incrementAndGet() != 1) {
            overlaps.increment();
        }
        counter = counter + 1; // not atomic on purpose: overlapping holders lose updates
        inside.decrementAndGet();
        sections.increment();
    }

    /** Sections run so far. */
    long sections() {
        return sections.sum();
    }

    /** The counter the sections incremented: equal to {@link #sections()} exactly when no two holders overlapped. */
    long counter() {
        return counter;
    }

    /** How many times a holder found another one inside. */
    long overlaps() {
        return overlaps.sum();
    }

    /** Whether mutual exclusion held for every section. */
    @Override
    public boolean held() {
        return overlaps() == 0 && counter() == sections();
    }

    @Override
    public String findings() {
        return overlaps() + " overlaps, counter " + counter() + " after " + sections() + " sections";
    }
}
