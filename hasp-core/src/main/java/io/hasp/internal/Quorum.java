package io.hasp.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Scatter-gather over Redlock nodes: one command to each at once, then either every node's outcome ({@link #all}) or
 * a decision taken as soon as the outcomes so far settle it ({@link #decide}). Stateless.
 */
final class Quorum {
    private Quorum() {
    }

    /** The majority of {@code n} nodes. */
    static int of(int n) {
        return n / 2 + 1;
    }

    /**
     * Sends {@code command} to every node at once and completes with all their outcomes, in node order. Never fails:
     * each node's outcome is bounded by its own timeout.
     */
    static <T> CompletableFuture<List<NodeOutcome<T>>> all(List<RedlockNode> nodes,
            Function<RedlockNode, CompletableFuture<NodeOutcome<T>>> command) {
        List<CompletableFuture<NodeOutcome<T>>> pending = send(nodes, command);
        return CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            List<NodeOutcome<T>> outcomes = new ArrayList<>(pending.size());
            for (CompletableFuture<NodeOutcome<T>> future : pending) {
                outcomes.add(future.join());
            }
            return outcomes;
        });
    }

    /**
     * Sends {@code command} to every node at once and completes with the first decision {@code decision} takes: it is
     * asked again after each outcome arrives, with the outcomes so far and the nodes still to answer, and answers
     * {@code null} while the outcome is open. Once every node has answered it must decide. If it throws, the result
     * fails with that exception. Outcomes that arrive after the decision go to {@code late}, outside any lock.
     *
     * <p>Outcomes may arrive on several threads at once (each node's I/O thread, the timer); they are counted under
     * one monitor per call, which is held only to record an outcome and run {@code decision} (a few counts), never
     * while the result completes. Listeners are attached only after every command was sent, so a node that answers
     * at once (an open breaker) is never counted while another has not been sent yet.
     */
    static <T, R> CompletableFuture<R> decide(List<RedlockNode> nodes,
            Function<RedlockNode, CompletableFuture<NodeOutcome<T>>> command,
            Function<Progress<T>, R> decision, Consumer<NodeOutcome<T>> late) {
        List<CompletableFuture<NodeOutcome<T>>> pending = send(nodes, command);
        Deciding<T, R> deciding = new Deciding<>(nodes, decision, late);
        for (int i = 0; i < pending.size(); i++) {
            int index = i;
            pending.get(i).thenAccept(outcome -> deciding.arrived(index, outcome));
        }
        return deciding.result;
    }

    private static <T> List<CompletableFuture<NodeOutcome<T>>> send(List<RedlockNode> nodes,
            Function<RedlockNode, CompletableFuture<NodeOutcome<T>>> command) {
        List<CompletableFuture<NodeOutcome<T>>> pending = new ArrayList<>(nodes.size());
        for (RedlockNode node : nodes) {
            pending.add(command.apply(node));
        }
        return pending;
    }

    /** {@code host:port (why)} for every node in {@code outcomes} that failed (no answer, or an error). */
    static String describeFailed(List<? extends NodeOutcome<?>> outcomes) {
        StringJoiner names = new StringJoiner(", ");
        for (NodeOutcome<?> outcome : outcomes) {
            if (!outcome.ok()) {
                names.add(outcome.describeFailure());
            }
        }
        return names.toString();
    }

    /** How many of {@code outcomes} did not answer. */
    static int unavailable(List<? extends NodeOutcome<?>> outcomes) {
        int count = 0;
        for (NodeOutcome<?> outcome : outcomes) {
            if (outcome.unavailable()) {
                count++;
            }
        }
        return count;
    }

    /**
     * Where a fan-out stands: the outcomes that arrived (in arrival order) and the nodes that have not answered yet
     * (their commands were sent). Immutable snapshot.
     */
    record Progress<T>(List<NodeOutcome<T>> arrived, List<RedlockNode> pending) {
        /** Whether every node has answered. */
        boolean complete() {
            return pending.isEmpty();
        }
    }

    /** The state of one {@link #decide} call; guarded by its own monitor. */
    private static final class Deciding<T, R> {
        private final List<RedlockNode> nodes;
        private final Function<Progress<T>, R> decision;
        private final Consumer<NodeOutcome<T>> late;
        private final CompletableFuture<R> result = new CompletableFuture<>();
        private final List<NodeOutcome<T>> arrived;
        private final boolean[] answered;
        private boolean decided;

        Deciding(List<RedlockNode> nodes, Function<Progress<T>, R> decision, Consumer<NodeOutcome<T>> late) {
            this.nodes = nodes;
            this.decision = decision;
            this.late = late;
            this.arrived = new ArrayList<>(nodes.size());
            this.answered = new boolean[nodes.size()];
        }

        void arrived(int index, NodeOutcome<T> outcome) {
            boolean isLate;
            R verdict = null;
            RuntimeException failure = null;
            synchronized (this) {
                isLate = decided;
                if (!isLate) {
                    arrived.add(outcome);
                    answered[index] = true;
                    try {
                        verdict = decision.apply(progress());
                    } catch (RuntimeException e) {
                        failure = e;
                    }
                    if (verdict == null && failure == null && arrived.size() == nodes.size()) {
                        failure = new IllegalStateException("no decision after every node answered");
                    }
                    decided = verdict != null || failure != null;
                }
            }
            if (isLate) {
                late.accept(outcome);
            } else if (failure != null) {
                result.completeExceptionally(failure);
            } else if (verdict != null) {
                result.complete(verdict);
            }
        }

        private Progress<T> progress() {
            List<RedlockNode> pending = new ArrayList<>(nodes.size() - arrived.size());
            for (int i = 0; i < answered.length; i++) {
                if (!answered[i]) {
                    pending.add(nodes.get(i));
                }
            }
            return new Progress<>(List.copyOf(arrived), pending);
        }
    }
}
