package io.hasp.faults.worker;

import io.hasp.Hasp;
import io.hasp.LockOptions;
import io.hasp.Semaphore;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;

/**
 * The {@code semaphore} workload: every thread takes one permit of {@code hasp.semaphore(name, 2)} and holds it for a
 * short pause. Permit holders touch no shared data (two may hold at once); the checker counts holders instead: never
 * more than {@value #PERMITS} valid leases at one instant. Stateless.
 */
final class SemaphoreVariant implements LockVariant {
    /** The permits: fewer than the workers' threads, so most threads wait and holders change hands often. */
    static final int PERMITS = 2;

    @Override
    public String name() {
        return "semaphore";
    }

    @Override
    public int nodes() {
        return 1;
    }

    @Override
    public Workload workload(Hasp hasp, String name, LockOptions options, Random random) {
        Semaphore semaphore = hasp.semaphore(name, PERMITS, options);
        return new Workload() {
            @Override
            public Section next() {
                return Section.HOLD_ONLY;
            }

            @Override
            public Optional<Hold> acquire(Section section, Duration wait) throws InterruptedException {
                return semaphore.tryAcquire(1, wait).map(Hold::of);
            }

            @Override
            public String kind(Section section) {
                return "permit " + PERMITS;
            }
        };
    }
}
