package io.hasp.internal;

import io.hasp.KeyConflictException;
import java.util.ArrayList;
import java.util.List;

/**
 * The count of one Redlock acquire round so far: who granted, who refused, who failed, who has not answered yet, and
 * the fence the grants add up to. Immutable once built; holds no I/O.
 *
 * <p>A round is {@linkplain #decided() decided} as soon as the answers still missing cannot change its verdict: a
 * majority of voting nodes granted, or a majority refused (another lease holds the lock), or every node answered.
 * The verdict is therefore a function of the final counts alone, whatever order the answers come in: early grants
 * and early refusals are the two cases no later answer can overturn. A node holding foreign data (a
 * {@link KeyConflictException}) votes "no": it ends the round with that exception only if the round is neither
 * granted nor held by a majority once every node answered.
 *
 * <p>The fence is the maximum over the nodes that granted so far. It is <em>settled</em> when a majority of voting
 * nodes already hold it (their counters were set to exactly that value by the acquire script); otherwise the nodes
 * in {@link #raiseTargets()} must raise their counters to it before the lease may be returned. Nodes that answer
 * after the decision do not change the fence: the lease's token is the one a majority confirmed.
 */
final class AcquireTally {
    private final List<NodeOutcome<AcquireReply>> arrived;
    private final List<RedlockNode> pending;
    private final int quorum;
    private int grants;
    private int votingGrants;
    private int refusals;
    private int decided;
    private long fence = Long.MIN_VALUE;
    private long minHolderTtl = -1;
    private boolean waitersSeen;
    private KeyConflictException conflict;

    /** A complete round: every node answered. */
    AcquireTally(List<NodeOutcome<AcquireReply>> outcomes, int quorum) {
        this(outcomes, List.of(), quorum);
    }

    /** A round where {@code pending} have not answered yet (their commands were sent). */
    AcquireTally(List<NodeOutcome<AcquireReply>> arrived, List<RedlockNode> pending, int quorum) {
        this.arrived = arrived;
        this.pending = pending;
        this.quorum = quorum;
        for (NodeOutcome<AcquireReply> outcome : arrived) {
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

    /** Whether no answer still missing can change the verdict (see the class note). */
    boolean decided() {
        return grantedByMajority() || heldByMajority() || pending.isEmpty();
    }

    /** How many nodes granted, voting or not. */
    int grants() {
        return grants;
    }

    /**
     * Whether the release must notify: a granting node had waiters registered, or a node has not answered yet (it
     * may have waiters, and the release cannot know).
     */
    boolean waitersSeen() {
        return waitersSeen || !pending.isEmpty();
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
        for (NodeOutcome<AcquireReply> outcome : arrived) {
            if (outcome.ok() && outcome.votes() && outcome.value().acquired() && outcome.value().fence() == fence) {
                settled++;
            }
        }
        return settled;
    }

    /**
     * The nodes that answered but whose counter may stand below {@link #fence()}: candidates for a raise. Nodes that
     * have not answered are left out: a raise needs a majority, not every node.
     */
    List<RedlockNode> raiseTargets() {
        List<RedlockNode> targets = new ArrayList<>();
        for (NodeOutcome<AcquireReply> outcome : arrived) {
            boolean settled = outcome.ok() && outcome.value().acquired() && outcome.value().fence() == fence;
            if (!outcome.unavailable() && !settled) {
                targets.add(outcome.node());
            }
        }
        return targets;
    }

    /** The nodes that answered and that the acquire may have reached: where a failed attempt releases and waits. */
    List<RedlockNode> answeredReached() {
        List<RedlockNode> reached = new ArrayList<>();
        for (NodeOutcome<AcquireReply> outcome : arrived) {
            if (outcome.sent()) {
                reached.add(outcome.node());
            }
        }
        return reached;
    }

    /**
     * Whether {@code node}'s acquire may have run with no answer heard: it timed out or its connection failed. Such a
     * node may still be silent, so what is sent there after the acquire must not depend on its answer.
     */
    boolean unheard(RedlockNode node) {
        for (NodeOutcome<AcquireReply> outcome : arrived) {
            if (outcome.node() == node) {
                return outcome.sent() && outcome.unavailable();
            }
        }
        return true; // still pending
    }

    /**
     * The nodes that have not answered yet. Each got the acquire, so a failed attempt releases there too: the release
     * travels on the same connection, behind the acquire, so a late grant is deleted right after it is made.
     */
    List<RedlockNode> pending() {
        return pending;
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
        return Quorum.describeFailed(arrived);
    }
}
