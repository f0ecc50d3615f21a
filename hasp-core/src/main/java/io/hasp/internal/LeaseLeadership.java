package io.hasp.internal;

import io.hasp.Lease;
import io.hasp.Leadership;
import io.hasp.LockLostException;
import io.hasp.LockNotHeldException;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** A term of leadership: a view of the watchdog lease that holds it, which ends when the lease is released or lost. */
final class LeaseLeadership implements Leadership {
    private final String electionName;
    private final Lease lease;
    private volatile boolean announced;

    LeaseLeadership(String electionName, Lease lease) {
        this.electionName = electionName;
        this.lease = lease;
    }

    Lease lease() {
        return lease;
    }

    /** The participant's listener was told of this term: its loss must be told too. */
    void announce() {
        announced = true;
    }

    /** Whether the participant's listener was told of this term. */
    boolean announced() {
        return announced;
    }

    @Override
    public String electionName() {
        return electionName;
    }

    @Override
    public long epoch() {
        return lease.fencingToken();
    }

    @Override
    public boolean isValid() {
        return lease.isValid();
    }

    @Override
    public Duration remaining() {
        return lease.remaining();
    }

    @Override
    public void checkValid() {
        try {
            lease.checkValid();
        } catch (LockLostException e) {
            throw new LockLostException(electionName, "election '" + electionName + "' epoch " + epoch()
                    + ": leadership lost: " + e.getMessage());
        } catch (LockNotHeldException e) {
            throw new LockNotHeldException(electionName, "election '" + electionName + "' epoch " + epoch()
                    + ": the participant resigned");
        }
    }

    @Override
    public CompletionStage<LockLostException> revoked() {
        return lease.lost();
    }

    @Override
    public String toString() {
        return "Leadership{election=" + electionName + ", epoch=" + epoch() + ", remaining=" + remaining() + '}';
    }
}
