package io.hasp.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** Scatter-gather over Redlock nodes: one command to each at once, then every node's outcome. Stateless. */
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
        List<CompletableFuture<NodeOutcome<T>>> pending = new ArrayList<>(nodes.size());
        for (RedlockNode node : nodes) {
            pending.add(command.apply(node));
        }
        return CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            List<NodeOutcome<T>> outcomes = new ArrayList<>(pending.size());
            for (CompletableFuture<NodeOutcome<T>> future : pending) {
                outcomes.add(future.join());
            }
            return outcomes;
        });
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
}
