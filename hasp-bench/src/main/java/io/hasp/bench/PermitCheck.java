package io.hasp.bench;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * The referee of the semaphore scenario (P2): never more holders inside at once than the semaphore has permits.
 *
 * <p>Design note. {@code inside} counts the holders in their section (each holds one permit); a holder that finds
 * more than {@code permits} inside, itself included, counts an over-grant. The section busy-waits
 * {@value #SECTION_NANOS} ns, long enough for holders to meet when a semaphore grants too many and short against a
 * hand-off (which takes a round trip). Thread-safe.
 */
final class PermitCheck implements Referee {
    private static final long SECTION_NANOS = 2_000;

    private final int permits;
    private final AtomicInteger inside = new AtomicInteger();
    private final LongAccumulator mostInside = new LongAccumulator(Math::max, 0);
    private final LongAdder overGrants = new LongAdder();
    private final LongAdder sections = new LongAdder();

    PermitCheck(int permits) {
        this.permits = permits;
    }

    @Override
    public void run() {
        int now = inside.incrementAndGet();
        mostInside.accumulate(now);
        if (now > permits) {
            overGrants.increment();
        }
        long end = System.nanoTime() + SECTION_NANOS;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
        inside.decrementAndGet();
        sections.increment();
    }

    /** The most holders seen inside at once. */
    long mostInside() {
        return mostInside.get();
    }

    @Override
    public boolean held() {
        return overGrants.sum() == 0;
    }

    @Override
    public String findings() {
        return overGrants.sum() + " sections with more than " + permits + " holders (most " + mostInside()
                + " at once) in " + sections.sum() + " sections";
    }
}
