package io.hasp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisURI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class QuorumTest {
    private final List<RedlockNode> nodes = List.of(node(7001), node(7002), node(7003));
    private final List<CompletableFuture<NodeOutcome<Boolean>>> answers = new ArrayList<>();

    @Test
    void decidesAsSoonAsTheDecisionSaysSoAndHandsLaterOutcomesToLate() {
        List<NodeOutcome<Boolean>> late = new ArrayList<>();
        CompletableFuture<Integer> result = Quorum.<Boolean, Integer>decide(nodes, this::pending,
                progress -> progress.arrived().size() >= 2 ? progress.pending().size() : null, late::add);
        answer(2, true);
        assertThat(result).isNotDone();
        answer(0, false);
        assertThat(result).isCompletedWithValue(1); // node 1 was still pending
        answer(1, true);
        assertThat(late).hasSize(1);
        assertThat(late.get(0).node()).isSameAs(nodes.get(1));
    }

    @Test
    void aDecisionThatThrowsFailsTheResult() {
        CompletableFuture<Integer> result = Quorum.<Boolean, Integer>decide(nodes, this::pending, progress -> {
            throw new IllegalArgumentException("no");
        }, outcome -> { });
        answer(0, true);
        assertThatThrownBy(result::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyNodeAnsweredWithoutADecisionIsABug() {
        CompletableFuture<Integer> result = Quorum.<Boolean, Integer>decide(nodes, this::pending, progress -> null,
                outcome -> { });
        answer(0, true);
        answer(1, true);
        assertThat(result).isNotDone();
        answer(2, true);
        assertThatThrownBy(result::get).hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void outcomesKnownAtOnceAreCountedOnlyAfterEveryNodeWasSent() {
        List<Integer> sentWhenFirstCounted = new ArrayList<>();
        CompletableFuture<Boolean> result = Quorum.<Boolean, Boolean>decide(nodes, node -> {
            CompletableFuture<NodeOutcome<Boolean>> answer = pending(node);
            answer.complete(NodeOutcome.answered(node, true, true)); // like a node skipped by an open breaker
            return answer;
        }, progress -> {
            sentWhenFirstCounted.add(answers.size());
            return true;
        }, outcome -> { });
        assertThat(result).isCompletedWithValue(true);
        assertThat(sentWhenFirstCounted).containsExactly(3);
    }

    private CompletableFuture<NodeOutcome<Boolean>> pending(RedlockNode node) {
        CompletableFuture<NodeOutcome<Boolean>> answer = new CompletableFuture<>();
        answers.add(answer);
        return answer;
    }

    private void answer(int index, boolean value) {
        answers.get(index).complete(NodeOutcome.answered(nodes.get(index), value, true));
    }

    private static RedlockNode node(int port) {
        return new RedlockNode(RedisURI.create("redis://127.0.0.1:" + port), null, null, null, null, null, null);
    }
}
