package io.hasp.faults.worker;

import io.hasp.Hasp;
import io.hasp.LockOptions;
import io.hasp.ReadWriteLock;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;

/**
 * The {@code rwlock} workload on {@code hasp.readWriteLock(name)}: each cycle a thread reads (fenced read, pause,
 * fenced read again, under the read lock) with probability {@value #READ_SHARE}, else writes like a lock's holder
 * (fenced read, pause, fenced write, under the write lock). Readers carry the fence of the last write they may see, so
 * the resource refuses a reader older than a write it accepted. The checker finds any served reader whose section
 * overlaps an applied writer's, and judges the writers as it judges a lock. Stateless.
 */
final class ReadWriteVariant implements LockVariant {
    static final double READ_SHARE = 0.7;

    @Override
    public String name() {
        return "rwlock";
    }

    @Override
    public int nodes() {
        return 1;
    }

    @Override
    public Workload workload(Hasp hasp, String name, LockOptions options, Random random) {
        ReadWriteLock lock = hasp.readWriteLock(name, options);
        return new Workload() {
            @Override
            public Section next() {
                return random.nextDouble() < READ_SHARE ? Section.READ_TWICE : Section.READ_WRITE;
            }

            @Override
            public Optional<Hold> acquire(Section section, Duration wait) throws InterruptedException {
                return (section == Section.READ_TWICE ? lock.readLock() : lock.writeLock()).tryAcquire(wait)
                        .map(Hold::of);
            }

            @Override
            public String kind(Section section) {
                return section == Section.READ_TWICE ? "read" : "";
            }
        };
    }
}
