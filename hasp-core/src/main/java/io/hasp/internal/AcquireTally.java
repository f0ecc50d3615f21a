package io.hasp.internal;

import io.hasp.KeyConflictException;
import java.util.ArrayList;
import java.util.List;

/**
 * The count of one Redlock acquire round: who granted, who refused, who did not answer, and the fence the grants
 * add up to. Immutable once built; holds no I/O.
 *
 * <p>The fence is the maximum over every node that granted. It is <em>settled</em> when a majority of voting nodes
 * already hold it (their counters were set to exactly that value by the acquire script); otherwise the nodes in
 * {@link #raiseTargets()} must raise their counters to it before the lease may be returned.
 */
final class AcquireTally {
    private final List<NodeOutcome<AcquireReply>> outcomes;
    private final int quorum;
    private int grants;
    private int votingGrants;
    private int refusals;
    private int decided;
    private long fence = Long.MIN_VALUE;
    private long minHolderTtl = -1;
    private boolean waitersSeen;
    private KeyConflictException conflict;

    AcquireTally(List<NodeOutcome<AcquireReply>> outcomes, int quorum) {
        this.outcomes = outcomes;
        this.quorum = quorum;
        for (NodeOutcome<AcquireReply> outcome : outcomes) {
            count(outcome);
        }
    }

    private void count(NodeOutcome<AcquireReply> outcome) {
        if (!outcome.ok()) {
            if (RedisErrors.unwrap(outcome.failure()) instanceof KeyConflictException found && conflict == null) {
                conflict = found;
            }
            return;
        }
        decided++;
        AcquireReply reply = outcome.value();
        if (reply.acquired()) {
            grants++;
            waitersSeen |= reply.waiters();
            fence = Math.max(fence, reply.fence());
            if (outcome.votes()) {
                votingGrants++;
            }
        } else {
            refusals++;
            long ttl = reply.holderTtlMillis();
            if (ttl > 0 && (minHolderTtl < 0 || ttl < minHolderTtl)) {
                minHolderTtl = ttl;
            }
        }
    }

    /** How many nodes granted, voting or not. */
    int grants() {
        return grants;
    }

    /** Whether any granting node had waiters registered: the release must then notify. */
    boolean waitersSeen() {
        return waitersSeen;
    }

    /** Whether a majority of voting nodes granted the lock. */
    boolean grantedByMajority() {
        return votingGrants >= quorum;
    }

    /** The largest fence any node issued; only meaningful if some node granted. */
    long fence() {
        return fence;
    }

    /** How many voting nodes granted with exactly {@link #fence()}: their counters already stand at it. */
    int settledAtFence() {
        int settled = 0;
        for (NodeOutcome<AcquireReply> outcome : outcomes) {
            if (outcome.ok() && outcome.votes() && outcome.value().acquired() && outcome.value().fence() == fence) {
                settled++;
            }
        }
        return settled;
    }

    /** The nodes that answered but whose counter may stand below {@link #fence()}: candidates for a raise. */
    List<RedlockNode> raiseTargets() {
        List<RedlockNode> targets = new ArrayList<>();
        for (NodeOutcome<AcquireReply> outcome : outcomes) {
            boolean settled = outcome.ok() && outcome.value().acquired() && outcome.value().fence() == fence;
            if (!outcome.unavailable() && !settled) {
                targets.add(outcome.node());
            }
        }
        return targets;
    }

    /** The nodes the acquire may have reached: where a failed attempt must release. */
    List<RedlockNode> reached() {
        List<RedlockNode> reached = new ArrayList<>();
        for (NodeOutcome<AcquireReply> outcome : outcomes) {
            if (outcome.sent()) {
                reached.add(outcome.node());
            }
        }
        return reached;
    }

    /**
     * Whether too few nodes gave a lock answer (granted or refused) for any majority: failures (no answer, or an
     * error such as OOM), not other holders, decided the round.
     */
    boolean majorityUnreachable() {
        return decided < quorum;
    }

    /** Whether a majority of nodes refused: another lease holds the lock. */
    boolean heldByMajority() {
        return refusals >= quorum;
    }

    /** The shortest positive remaining lease among the refusing nodes, ms; -1 if none said. */
    long minHolderTtlMillis() {
        return minHolderTtl;
    }

    /** The first foreign-data conflict any node reported, or {@code null}. */
    KeyConflictException conflict() {
        return conflict;
    }

    /** {@code host:port (why)} for every node that failed, comma-separated. */
    String describeFailed() {
        return Quorum.describeFailed(outcomes);
    }
}
