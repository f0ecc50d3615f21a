package io.hasp.faults.worker;

import io.hasp.Lease;
import io.hasp.LockLostException;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * What a worker holds for one cycle: a lock's, a read lock's or a permit's {@link Lease}, or a leader's term. The
 * worker reads its fence and its claims (remaining time, loss) and gives it back, whatever it is.
 */
interface Hold {

    /** The fencing token: a lease's, or a leader's epoch. */
    long fencingToken();

    /** What the holder believes is left of it. */
    Duration remaining();

    boolean isValid();

    /** Completes when the holder learns it lost it. */
    CompletionStage<LockLostException> lost();

    /** Gives it back: true if it was still held. */
    boolean release();

    /** A lease, as it is. */
    static Hold of(Lease lease) {
        return new Hold() {
            @Override
            public long fencingToken() {
                return lease.fencingToken();
            }

            @Override
            public Duration remaining() {
                return lease.remaining();
            }

            @Override
            public boolean isValid() {
                return lease.isValid();
            }

            @Override
            public CompletionStage<LockLostException> lost() {
                return lease.lost();
            }

            @Override
            public boolean release() {
                return lease.release();
            }
        };
    }
}
