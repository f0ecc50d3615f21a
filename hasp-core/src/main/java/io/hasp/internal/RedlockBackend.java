package io.hasp.internal;

import io.hasp.RedisUnavailableException;
import io.hasp.RedlockOptions;
import io.hasp.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lock over N independent Redis masters (Redlock), behind the same lease, acquire loop and waiting as a lock on
 * one Redis. Each node runs the single-node commands; this class only sends them to all nodes at once and counts.
 *
 * <p>Design note. <b>Acquire</b>: the same token goes to every node in parallel, each bounded by the per-node
 * timeout; the attempt succeeds only if a majority of <em>voting</em> nodes granted and the lease time has not run
 * out since the send (the lease subtracts elapsed time and drift from the same send instant). Anything else releases
 * on every node the command may have reached, waits for that, and answers "held" so the acquire loop retries after a
 * jittered pause (two clients splitting the vote both back off at random, so they do not collide forever). When too
 * few nodes answered for any majority the answer is "unreachable": the loop retries as well (open breakers make those
 * retries cost the dead nodes nothing), and if the wait runs out it fails with {@link RedisUnavailableException}
 * naming the silent nodes.
 *
 * <p><b>Fence</b>: every node issues {@code max(counter + 1, its clock, min(proposal, its clock + 1 s))} and stores it
 * as its counter; the lease's fence F is the maximum over the granting nodes. F is only returned once a majority of
 * voting nodes hold a counter of at least F: either they issued exactly F (the shared proposal, a wall-clock reading
 * slightly in the future, makes that the common case), or a second parallel step raises their counters to F. Any
 * later majority shares a node with that one, so its fence exceeds F. See {@code docs/redlock.md}.
 *
 * <p><b>Release</b> goes to every node, even those whose breaker is open; <b>extend</b> to every node whose breaker
 * is closed, and succeeds only with a voting majority before the lease's validity ends.
 *
 * <p>Waiting: an attempt registers the waiter on every node that refuses (the waiter-registry methods fan out like
 * the rest), each node's release publishes where waiters are registered, and {@link FanInWakeChannels} listens on
 * every node, so any node's release notice wakes the waiter. The holder hint for the timed re-check is the shortest
 * positive PTTL among refusing nodes.
 *
 * <p>Thread-safe: the node list is fixed; per-call state lives in the futures of that call.
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
        return Quorum.<AcquireReply>all(nodes, node -> {
            node.leaseSent(leaseMillis, sentAt);
            return node.call(backend -> backend.tryAcquire(keys, token, leaseMillis, entry, proposal,
                    MAX_PROPOSAL_LEAD_MICROS), timeout, true);
        })
                .thenCompose(outcomes -> settle(keys, token, leaseMillis, sentAt, timeout,
                        new AcquireTally(outcomes, quorum)));
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
        if (tally.conflict() != null) {
            return releaseOn(tally.reached(), keys, token, timeout).thenApply(v -> {
                throw tally.conflict();
            });
        }
        if (!tally.grantedByMajority() || !withinLease(sentAt, leaseMillis)) {
            return giveBack(keys, token, timeout, tally);
        }
        long fence = tally.fence();
        int settled = tally.settledAtFence();
        if (settled >= quorum) {
            return CompletableFuture.completedFuture(AcquireReply.granted(fence, tally.waitersSeen()));
        }
        LOG.debug("lock '{}' token {}: fence {} settled on {} nodes; raising the rest", keys.name(),
                Tokens.shortForm(token), fence, settled);
        return Quorum.<Long>all(tally.raiseTargets(), node -> node.raiseFence(keys, fence, leaseMillis, timeout))
                .thenCompose(raised -> {
                    int confirmed = settled;
                    for (NodeOutcome<Long> outcome : raised) {
                        if (outcome.ok() && outcome.votes() && outcome.value() >= fence) {
                            confirmed++;
                        }
                    }
                    if (confirmed >= quorum && withinLease(sentAt, leaseMillis)) {
                        return CompletableFuture.completedFuture(AcquireReply.granted(fence, tally.waitersSeen()));
                    }
                    return giveBack(keys, token, timeout, tally);
                });
    }

    /** A failed round: release wherever the acquire may have landed, then report why it failed. */
    private CompletableFuture<AcquireReply> giveBack(LockKeys keys, String token, long timeout, AcquireTally tally) {
        if (tally.grants() > 0) {
            LOG.debug("lock '{}' token {}: {} of {} nodes granted, not enough; releasing them", keys.name(),
                    Tokens.shortForm(token), tally.grants(), nodes.size());
        }
        return releaseOn(tally.reached(), keys, token, timeout).thenApply(v -> {
            if (tally.majorityUnreachable()) {
                RedisUnavailableException failure = new RedisUnavailableException(keys.name(), "lock '" + keys.name()
                        + "': acquire failed: a majority of " + quorum + " of " + nodes.size() + " Redlock nodes is"
                        + " needed, but these failed: " + tally.describeFailed(), null);
                return AcquireReply.unreachable(failure);
            }
            if (tally.heldByMajority() && options.failFast()) {
                return AcquireReply.heldGiveUp(tally.minHolderTtlMillis());
            }
            return AcquireReply.held(tally.minHolderTtlMillis());
        });
    }

    /** Gives a failed attempt's grants back; the release script also wakes waiters registered on those nodes. */
    private CompletableFuture<Void> releaseOn(List<RedlockNode> targets, LockKeys keys, String token, long timeout) {
        return Quorum.<Boolean>all(targets, node -> node.call(backend -> backend.release(keys, token, true), timeout,
                false)).thenAccept(outcomes -> { });
    }

    @Override
    public CompletableFuture<Boolean> release(LockKeys keys, String token) {
        return release(keys, token, true);
    }

    @Override
    public CompletableFuture<Boolean> release(LockKeys keys, String token, boolean mayHaveWaiters) {
        // A release eats into no validity, so a slow node gets the command timeout, not the tight acquire timeout:
        // giving up early would report "unknown" for a release that was about to succeed. The answer is given as
        // soon as a majority decided it, so a paused node never delays a release the others settled.
        List<CompletableFuture<NodeOutcome<Boolean>>> pending = new ArrayList<>(nodes.size());
        for (RedlockNode node : nodes) {
            pending.add(node.call(backend -> backend.release(keys, token, mayHaveWaiters), releaseTimeoutNanos, false));
        }
        CompletableFuture<Boolean> decided = new CompletableFuture<>();
        AtomicInteger deleted = new AtomicInteger();
        AtomicInteger notOurs = new AtomicInteger();
        for (CompletableFuture<NodeOutcome<Boolean>> outcome : pending) {
            outcome.thenAccept(o -> {
                if (o.ok() && o.value() && deleted.incrementAndGet() >= quorum) {
                    decided.complete(true);
                } else if (o.ok() && !o.value() && notOurs.incrementAndGet() > nodes.size() - quorum) {
                    decided.complete(false);
                }
            });
        }
        CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0])).thenRun(() -> {
            if (decided.isDone()) {
                return;
            }
            // Counted again from the outcomes: the counters above may not have seen the last answer yet.
            List<NodeOutcome<Boolean>> outcomes = new ArrayList<>(pending.size());
            pending.forEach(f -> outcomes.add(f.join()));
            long ours = outcomes.stream().filter(o -> o.ok() && o.value()).count();
            if (ours >= quorum) {
                decided.complete(true);
            } else if (ours + Quorum.unavailable(outcomes) >= quorum) {
                decided.completeExceptionally(new RedisUnavailableException(keys.name(), "lock '" + keys.name()
                        + "': release reached too few Redlock nodes to tell whether the lease was still held; failed: "
                        + Quorum.describeFailed(outcomes), null));
            } else {
                decided.complete(false);
            }
        });
        return decided;
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

    @Override
    public CompletableFuture<Boolean> extend(LockKeys keys, String token, long leaseMillis, long validUntil) {
        long sentAt = ticker.read();
        long timeout = options.nodeTimeoutNanos(leaseMillis);
        return Quorum.<Boolean>all(nodes, node -> {
                    node.leaseSent(leaseMillis, sentAt);
                    return node.call(backend -> backend.extend(keys, token, leaseMillis), timeout, true);
                })
                .thenApply(outcomes -> {
                    boolean inTime = validUntil == Long.MAX_VALUE || ticker.read() - validUntil < 0;
                    int extended = 0;
                    for (NodeOutcome<Boolean> outcome : outcomes) {
                        if (outcome.ok() && outcome.votes() && outcome.value()) {
                            extended++;
                        }
                    }
                    if (extended >= quorum) {
                        return inTime;
                    }
                    if (extended + Quorum.unavailable(outcomes) >= quorum) {
                        throw new RedisUnavailableException(keys.name(), "lock '" + keys.name() + "': extend reached"
                                + " " + extended + " of the " + quorum + " Redlock nodes it needs; failed: "
                                + Quorum.describeFailed(outcomes), null);
                    }
                    return false;
                });
    }

    /** A majority of the nodes still holds {@code token}, and said so within the lease's validity. */
    @Override
    public CompletableFuture<Boolean> holds(LockKeys keys, String token, long validUntil) {
        long timeout = options.nodeTimeoutNanos(Math.max(1, TimeUnit.NANOSECONDS.toMillis(validUntil - ticker.read())));
        return Quorum.<Boolean>all(nodes, node -> node.call(backend -> backend.holds(keys, token, validUntil),
                timeout, true)).thenApply(outcomes -> {
                    int holding = 0;
                    for (NodeOutcome<Boolean> outcome : outcomes) {
                        if (outcome.ok() && outcome.votes() && outcome.value()) {
                            holding++;
                        }
                    }
                    return holding >= quorum && ticker.read() - validUntil < 0;
                });
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
