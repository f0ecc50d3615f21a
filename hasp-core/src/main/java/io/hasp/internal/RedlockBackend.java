package io.hasp.internal;

import io.hasp.KeyConflictException;
import io.hasp.RedisUnavailableException;
import io.hasp.RedlockOptions;
import io.hasp.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lock over N independent Redis masters (Redlock), behind the same lease, acquire loop and waiting as a lock on
 * one Redis. Each node runs the single-node commands; this class only sends them to all nodes at once and counts.
 *
 * <p>Design note. <b>Acquire</b>: the same token goes to every node in parallel, each bounded by the per-node
 * timeout, and the round is decided as soon as the answers still missing cannot change it ({@link AcquireTally}): at
 * a majority of <em>voting</em> grants, or at a majority of refusals, else once every node answered or timed out.
 * It succeeds only if a majority granted and the lease time has not run out since the send (the lease subtracts
 * elapsed time and drift from the same send instant), so an acquire costs the round trip of the node that completes
 * the majority, not the slowest node's. Anything else releases on every node the command may have reached, and
 * answers "held" so the acquire loop retries after a jittered pause (two clients splitting the vote both back off at
 * random, so they do not collide forever). When too few nodes answered for any majority the answer is
 * "unreachable": the loop retries as well (open breakers make those retries cost the dead nodes nothing), and if the
 * wait runs out it fails with {@link RedisUnavailableException} naming the silent nodes.
 *
 * <p><b>Late answers.</b> A call's commands run on each node in the order the call sent them: a node sends one only
 * once the call's previous command there has answered or failed ({@link RedlockNode#call}), so whatever a call sends
 * to a node after its acquire runs there after it, and before the call's next round. A node that grants after a
 * granted round holds our token like the others: the lease's release goes to every node and its extends to every
 * node whose breaker is closed, so they reach it, and its key ends with the lease's TTL otherwise. After a failed
 * round the release is sent to the nodes still silent too, as soon as their acquire answers, so a late grant there is
 * deleted right after it is made; it is not awaited. Where the acquire went unheard, that release is a
 * {@link LockBackend#cleanUp}: a node silent past the command timeout would answer a NOSCRIPT too late for anyone to
 * send the script's text, and the late grant would stay.
 *
 * <p><b>Fence</b>: every node issues {@code max(counter + 1, its clock, min(proposal, its clock + 1 s))} and stores it
 * as its counter; the lease's fence F is the maximum over the granting nodes. F is only returned once a majority of
 * voting nodes hold a counter of at least F: either they issued exactly F (the shared proposal, a wall-clock reading
 * slightly in the future, makes that the common case), or a second parallel step raises their counters to F. Any
 * later majority shares a node with that one, so its fence exceeds F. A node that grants after the round was decided
 * may have issued more than F; that only moves its counter up, which no rule forbids, and F stays the lease's token.
 * See {@code docs/redlock.md}.
 *
 * <p><b>Release</b> goes to every node, even those whose breaker is open (there as a clean-up, which runs whenever
 * the node wakes, see {@link LockBackend#cleanUp}); a release to a node whose breaker is closed that goes unanswered
 * past the command timeout is followed by a clean-up too (by the node's {@link SingleNodeBackend#release}, as on one
 * Redis). <b>Extend</b> to every node whose breaker
 * is closed, and succeeds only with a voting majority before the lease's validity ends. Both, and {@link #holds},
 * answer as soon as the majority decided, like the acquire.
 *
 * <p>Waiting: an attempt registers the waiter on every node that refuses (the waiter-registry methods fan out like
 * the rest), each node's release publishes where waiters are registered, and {@link FanInWakeChannels} listens on
 * every node, so any node's release notice wakes the waiter. The holder hint for the timed re-check is the shortest
 * positive PTTL among refusing nodes.
 *
 * <p>Thread-safe: the node list is fixed; per-call state lives in the futures of that call and in its
 * {@link Quorum#decide} count.
 */
final class RedlockBackend implements LockBackend {
    private static final Logger LOG = LoggerFactory.getLogger(RedlockBackend.class);
    /** How far in the future the proposed fence floor lies, µs: beyond a node's clock as the script reads it. */
    private static final long PROPOSAL_LEAD_MICROS = TimeUnit.MILLISECONDS.toMicros(100);
    /** How far ahead of a node's clock a proposal is accepted, µs: bounds what a fast client clock can push. */
    private static final long MAX_PROPOSAL_LEAD_MICROS = TimeUnit.SECONDS.toMicros(1);

    private final List<RedlockNode> nodes;
    private final int quorum;
    private final RedlockOptions options;
    private final Ticker ticker;
    /** How long a release waits for each node: the client's command timeout, as on one Redis. */
    private final long releaseTimeoutNanos;

    RedlockBackend(List<RedlockNode> nodes, RedlockOptions options, Ticker ticker, Duration releaseTimeout) {
        this.nodes = List.copyOf(nodes);
        this.quorum = Quorum.of(nodes.size());
        this.options = options;
        this.ticker = ticker;
        this.releaseTimeoutNanos = releaseTimeout.toNanos();
    }

    /** The nodes, in the order they were configured. */
    List<RedlockNode> nodes() {
        return nodes;
    }

    @Override
    public CompletableFuture<AcquireReply> tryAcquire(LockKeys keys, String token, long leaseMillis) {
        return tryAcquire(keys, token, leaseMillis, null);
    }

    /** An attempt that also registers {@code entry} as a waiter on every node where the lock is held. */
    @Override
    public CompletableFuture<AcquireReply> tryAcquire(LockKeys keys, String token, long leaseMillis,
            WaiterEntry entry) {
        long sentAt = ticker.read();
        long timeout = options.nodeTimeoutNanos(leaseMillis);
        long proposal = proposedFence();
        return Quorum.<AcquireReply, AcquireTally>decide(nodes, node -> {
            node.leaseSent(leaseMillis, sentAt);
            return node.call(token, backend -> backend.tryAcquire(keys, token, leaseMillis, entry, proposal,
                    MAX_PROPOSAL_LEAD_MICROS), timeout, true);
        }, progress -> {
            AcquireTally tally = new AcquireTally(progress.arrived(), progress.pending(), quorum);
            return tally.decided() ? tally : null;
        }, late -> noteLateAnswer(keys, token, late))
                .thenCompose(tally -> settle(keys, token, leaseMillis, sentAt, timeout, tally));
    }

    /**
     * An attempt waits for at most three rounds of node answers, each bounded by the per-node timeout (the acquire,
     * a fence raise, the release of a failed round); one more per-node timeout covers the loop's own steps.
     */
    @Override
    public long attemptBoundNanos(long leaseMillis) {
        return 4 * options.nodeTimeoutNanos(leaseMillis);
    }

    private CompletableFuture<AcquireReply> settle(LockKeys keys, String token, long leaseMillis, long sentAt,
            long timeout, AcquireTally tally) {
        if (!tally.grantedByMajority() || !withinLease(sentAt, leaseMillis)) {
            return giveBack(keys, token, timeout, tally);
        }
        if (tally.conflict() != null) {
            logConflictOutvoted(keys, tally.conflict());
        }
        long fence = tally.fence();
        int settled = tally.settledAtFence();
        if (settled >= quorum) {
            return CompletableFuture.completedFuture(AcquireReply.granted(fence, tally.waitersSeen()));
        }
        LOG.debug("lock '{}' token {}: fence {} settled on {} nodes; raising the rest", keys.name(),
                Tokens.shortForm(token), fence, settled);
        List<RedlockNode> targets = tally.raiseTargets();
        return Quorum.<Long, Boolean>decide(targets, node -> node.raiseFence(keys, fence, leaseMillis, timeout),
                progress -> {
                    int confirmed = settled;
                    for (NodeOutcome<Long> outcome : progress.arrived()) {
                        if (outcome.ok() && outcome.votes() && outcome.value() >= fence) {
                            confirmed++;
                        }
                    }
                    if (confirmed >= quorum) {
                        return true;
                    }
                    return confirmed + progress.pending().size() < quorum ? false : null;
                }, late -> { })
                .thenCompose(confirmed -> {
                    if (confirmed && withinLease(sentAt, leaseMillis)) {
                        return CompletableFuture.completedFuture(AcquireReply.granted(fence, tally.waitersSeen()));
                    }
                    return giveBack(keys, token, timeout, tally);
                });
    }

    /**
     * A failed round: release wherever the acquire may have landed, then report why it failed. The releases to nodes
     * that answered are awaited (so nothing is left there when the caller hears back); those to nodes that have not
     * answered yet are not awaited: each goes out once its acquire answers (the node keeps the call's order), so it
     * deletes a late grant right after the node makes it, and waiting for it would cost the slowest node's round trip.
     */
    private CompletableFuture<AcquireReply> giveBack(LockKeys keys, String token, long timeout,
            AcquireTally tally) {
        if (tally.grants() > 0) {
            LOG.debug("lock '{}' token {}: {} of {} nodes granted, not enough; releasing them", keys.name(),
                    Tokens.shortForm(token), tally.grants(), nodes.size());
        }
        for (RedlockNode node : tally.pending()) {
            node.call(token, backend -> backend.cleanUp(keys, token), releaseTimeoutNanos, false);
        }
        // A node whose acquire went unanswered (timed out, connection dropped) may still be silent: unattended there.
        return Quorum.<Boolean>all(tally.answeredReached(), node -> node.call(token, backend -> tally.unheard(node)
                ? backend.cleanUp(keys, token) : backend.release(keys, token, true), timeout, false))
                .thenApply(released -> {
            if (tally.heldByMajority()) {
                return options.failFast() ? AcquireReply.heldGiveUp(tally.minHolderTtlMillis())
                        : AcquireReply.held(tally.minHolderTtlMillis());
            }
            if (tally.conflict() != null) {
                throw tally.conflict();
            }
            if (tally.majorityUnreachable()) {
                RedisUnavailableException failure = new RedisUnavailableException(keys.name(), "lock '" + keys.name()
                        + "': acquire failed: a majority of " + quorum + " of " + nodes.size() + " Redlock nodes is"
                        + " needed, but these failed: " + tally.describeFailed(), null);
                return AcquireReply.unreachable(failure);
            }
            return AcquireReply.held(tally.minHolderTtlMillis());
        });
    }

    /**
     * An answer that arrived after the round was decided changes nothing (see the class note on late answers); foreign
     * data is worth a warning, a late grant a debug line.
     */
    private static void noteLateAnswer(LockKeys keys, String token, NodeOutcome<AcquireReply> late) {
        if (!late.ok() && RedisErrors.unwrap(late.failure()) instanceof KeyConflictException conflict) {
            logConflictOutvoted(keys, conflict);
        } else if (late.ok() && late.value().acquired()) {
            LOG.debug("lock '{}' token {}: {} granted after the round was decided; a granted lease's release reaches"
                    + " it, a refused round's release runs right after it", keys.name(), Tokens.shortForm(token),
                    late.node().label());
        }
    }

    private static void logConflictOutvoted(LockKeys keys, KeyConflictException conflict) {
        LOG.warn("lock '{}': a Redlock node holds data Hasp did not write; left alone, that node votes no: {}",
                keys.name(), conflict.getMessage());
    }

    @Override
    public CompletableFuture<Boolean> release(LockKeys keys, String token) {
        return release(keys, token, true);
    }

    @Override
    public CompletableFuture<Boolean> release(LockKeys keys, String token, boolean mayHaveWaiters) {
        // A node whose breaker is open gets the release without anyone waiting for it (RedlockNode#call), and it is
        // open because the node stopped answering: there the release is a clean-up, which needs no answer to run.
        return onEveryNode(keys, token, node -> node.isReachable()
                ? backend -> backend.release(keys, token, mayHaveWaiters)
                : backend -> backend.cleanUp(keys, token));
    }

    @Override
    public CompletableFuture<Boolean> cleanUp(LockKeys keys, String token) {
        return onEveryNode(keys, token, node -> backend -> backend.cleanUp(keys, token));
    }

    /**
     * Sends a release of {@code token} (what {@code releaseOn} says for each node) to every node and decides by the
     * majority.
     */
    private CompletableFuture<Boolean> onEveryNode(LockKeys keys, String token,
            Function<RedlockNode, Function<SingleNodeBackend, CompletableFuture<Boolean>>> releaseOn) {
        // A release eats into no validity, so a slow node gets the command timeout, not the tight acquire timeout:
        // giving up early would report "unknown" for a release that was about to succeed. The answer is given as
        // soon as a majority decided it, so a paused node never delays a release the others settled.
        return Quorum.<Boolean, Boolean>decide(nodes, node -> node.call(token, releaseOn.apply(node),
                releaseTimeoutNanos, false), progress -> {
                    int ours = 0;
                    int notOurs = 0;
                    for (NodeOutcome<Boolean> outcome : progress.arrived()) {
                        if (outcome.ok()) {
                            if (outcome.value()) {
                                ours++;
                            } else {
                                notOurs++;
                            }
                        }
                    }
                    if (ours >= quorum) {
                        return true;
                    }
                    if (notOurs > nodes.size() - quorum) {
                        return false;
                    }
                    if (!progress.complete()) {
                        return null;
                    }
                    if (ours + Quorum.unavailable(progress.arrived()) >= quorum) {
                        throw new RedisUnavailableException(keys.name(), "lock '" + keys.name() + "': release reached"
                                + " too few Redlock nodes to tell whether the lease was still held; failed: "
                                + Quorum.describeFailed(progress.arrived()), null);
                    }
                    return false;
                }, late -> { });
    }

    /** Drops this client's waiter entry on every node; fire and forget, like on one Redis. */
    @Override
    public void forgetWaiter(LockKeys keys, String member) {
        for (RedlockNode node : nodes) {
            node.forgetWaiter(keys, member);
        }
    }

    @Override
    public CompletableFuture<Boolean> extend(LockKeys keys, String token, long leaseMillis) {
        return extend(keys, token, leaseMillis, Long.MAX_VALUE);
    }

    /**
     * Extends on every node whose breaker is closed and answers once the outcome is known: {@code true} as soon as a
     * majority of voting nodes extended (if that happened before {@code validUntil}), {@code false} as soon as so
     * many answered "not ours" that no majority can extend, else once every node answered. Nodes that answer later
     * keep our key for the new lease time as well; the lease counts only the majority it heard from.
     */
    @Override
    public CompletableFuture<Boolean> extend(LockKeys keys, String token, long leaseMillis, long validUntil) {
        long sentAt = ticker.read();
        long timeout = options.nodeTimeoutNanos(leaseMillis);
        return Quorum.<Boolean, Boolean>decide(nodes, node -> {
            node.leaseSent(leaseMillis, sentAt);
            return node.call(token, backend -> backend.extend(keys, token, leaseMillis), timeout, true);
        }, progress -> {
            int extended = confirmations(progress.arrived());
            if (extended >= quorum) {
                return validUntil == Long.MAX_VALUE || ticker.read() - validUntil < 0;
            }
            int unavailable = Quorum.unavailable(progress.arrived());
            if (extended + unavailable + progress.pending().size() < quorum) {
                return false;
            }
            if (!progress.complete()) {
                return null;
            }
            throw new RedisUnavailableException(keys.name(), "lock '" + keys.name() + "': extend reached " + extended
                    + " of the " + quorum + " Redlock nodes it needs; failed: "
                    + Quorum.describeFailed(progress.arrived()), null);
        }, late -> { });
    }

    /** A majority of the nodes still holds {@code token}, and said so within the lease's validity. */
    @Override
    public CompletableFuture<Boolean> holds(LockKeys keys, String token, long validUntil) {
        long timeout = options.nodeTimeoutNanos(Math.max(1, TimeUnit.NANOSECONDS.toMillis(validUntil - ticker.read())));
        return Quorum.<Boolean, Boolean>decide(nodes, node -> node.call(token, backend -> backend.holds(keys, token,
                validUntil), timeout, true), progress -> {
                    int holding = confirmations(progress.arrived());
                    if (holding >= quorum) {
                        return ticker.read() - validUntil < 0;
                    }
                    return holding + progress.pending().size() < quorum || progress.complete() ? false : null;
                }, late -> { });
    }

    /** How many voting nodes answered {@code true}. */
    private static int confirmations(List<NodeOutcome<Boolean>> outcomes) {
        int count = 0;
        for (NodeOutcome<Boolean> outcome : outcomes) {
            if (outcome.ok() && outcome.votes() && outcome.value()) {
                count++;
            }
        }
        return count;
    }

    private boolean withinLease(long sentAt, long leaseMillis) {
        return ticker.read() - sentAt < TimeUnit.MILLISECONDS.toNanos(leaseMillis);
    }

    /** A wall-clock reading in µs, a little in the future so that it beats every node's clock in the script. */
    private static long proposedFence() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000 + PROPOSAL_LEAD_MICROS;
    }
}
