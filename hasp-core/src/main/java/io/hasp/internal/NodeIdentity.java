package io.hasp.internal;

import io.hasp.Ticker;
import java.util.function.LongSupplier;

/**
 * Which server process a Redlock node's connection reaches, and whether that node's answers may count as votes.
 *
 * <p>A Redis that restarted without persistence comes back empty: it has forgotten every lock it granted, so a vote
 * from it could hand out a lock that a majority of the <em>old</em> state still gives to someone else. A restart
 * always drops the TCP connection, so the node is marked unverified on every disconnect and verified again by reading
 * {@code run_id} from {@code INFO server}; a run id that differs from the one seen before puts the node in quarantine
 * for the longest lease this client may still hold there ({@link LeaseHorizon}; at least {@code restartQuarantine},
 * by default the client's default lease time), after which every key of ours it may have lost has expired anyway. A node we have never
 * seen before cannot be judged: that is the documented delayed-restart rule's job.
 *
 * <p>Thread-safe: three volatile fields, each written whole; a vote read concurrently with a change sees either the
 * old or the new state, and only a verified, unquarantined state counts.
 */
final class NodeIdentity {
    private final Ticker ticker;
    private final LongSupplier quarantineNanos;
    private volatile String runId;
    private volatile boolean verified;
    private volatile long quarantinedUntil;
    private volatile boolean quarantined;

    NodeIdentity(Ticker ticker, LongSupplier quarantineNanos) {
        this.ticker = ticker;
        this.quarantineNanos = quarantineNanos;
    }

    /** Whether this node's answers count toward a majority now. */
    boolean votes() {
        if (!verified) {
            return false;
        }
        if (quarantined && ticker.read() - quarantinedUntil < 0) {
            return false;
        }
        return true;
    }

    boolean isVerified() {
        return verified;
    }

    /** The connection dropped: until the run id is read again, the node may be a different, empty process. */
    void unverify() {
        verified = false;
    }

    /**
     * The run id just read from the node. Returns {@code true} if it differs from the last one seen, in which case the
     * node is quarantined from now on.
     */
    boolean observe(String newRunId) {
        String previous = runId;
        runId = newRunId;
        boolean restarted = previous != null && !previous.equals(newRunId);
        if (restarted) {
            quarantinedUntil = ticker.read() + quarantineNanos.getAsLong();
            quarantined = true;
        }
        verified = true;
        return restarted;
    }

    /** The run id last seen, or {@code null} before the first. */
    String runId() {
        return runId;
    }

    /** Parses {@code run_id} out of an {@code INFO server} reply; {@code null} if absent. */
    static String parseRunId(String info) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("run_id:")) {
                return line.substring("run_id:".length()).trim();
            }
        }
        return null;
    }
}
