package io.hasp.faults.worker;

import io.hasp.Lock;
import java.time.Duration;
import java.util.Optional;

/**
 * What one worker thread takes each cycle and what it does while holding it. A lock's holder reads and writes the
 * fenced counter; a reader reads it twice; a permit holder only holds (many hold at once, so none may write).
 * Implementations are confined to their worker thread.
 */
interface Workload {

    /** What a section does while held. */
    enum Section {
        /** Fenced read, pause, fenced write: the lock's cycle (locks, write locks, leaders). */
        READ_WRITE,
        /** Fenced read, pause, fenced read: a reader of a read-write lock. */
        READ_TWICE,
        /** A pause only: a semaphore's permit, held beside others. */
        HOLD_ONLY
    }

    /** What the next cycle's section does. */
    Section next();

    /**
     * Takes the hold for a {@code section} within {@code wait}: empty if it timed out.
     *
     * @throws io.hasp.HaspException when the library reports an error (logged as an unknown outcome)
     */
    Optional<Hold> acquire(Section section, Duration wait) throws InterruptedException;

    /**
     * What the history's acquire completion says about the hold, so the checker can tell shared holds from
     * exclusive ones: empty for a lock's lease, {@code term} for a leader's term, {@code read} for a reader,
     * {@code permit <N>} for a permit of a semaphore of N.
     */
    String kind(Section section);

    /**
     * Whether its holds are always renewed by the watchdog, whatever options the thread was given (a leader's term):
     * the history then says so, and the checker judges its claims as a watchdog lease's.
     */
    default boolean alwaysRenewed() {
        return false;
    }

    /** A lock's workload: every cycle takes {@code lock} and reads and writes. */
    static Workload exclusive(Lock lock) {
        return new Workload() {
            @Override
            public Optional<Hold> acquire(Section section, Duration wait) throws InterruptedException {
                return lock.tryAcquire(wait).map(Hold::of);
            }

            @Override
            public Section next() {
                return Section.READ_WRITE;
            }

            @Override
            public String kind(Section section) {
                return "";
            }
        };
    }
}
