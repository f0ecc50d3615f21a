package io.hasp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.KeyConflictException;
import io.lettuce.core.RedisURI;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class AcquireTallyTest {
    private final RedlockNode a = node(7001);
    private final RedlockNode b = node(7002);
    private final RedlockNode c = node(7003);

    @Test
    void aMajorityThatAgreesOnTheFenceNeedsNoRaise() {
        AcquireTally tally = tally(grant(a, 100), grant(b, 100), grant(c, 100));
        assertThat(tally.grantedByMajority()).isTrue();
        assertThat(tally.fence()).isEqualTo(100);
        assertThat(tally.settledAtFence()).isEqualTo(3);
    }

    @Test
    void theFenceIsTheMaximumAndTheOthersMustBeRaisedToIt() {
        AcquireTally tally = tally(grant(a, 100), grant(b, 100), grant(c, 105));
        assertThat(tally.fence()).isEqualTo(105);
        assertThat(tally.settledAtFence()).isEqualTo(1);
        assertThat(tally.raiseTargets()).containsExactly(a, b);
    }

    @Test
    void grantsFromNodesThatDoNotVoteCountForNothingButTheFence() {
        AcquireTally tally = tally(grant(a, 100), NodeOutcome.answered(b, AcquireReply.granted(200), false),
                NodeOutcome.answered(c, AcquireReply.granted(100), false));
        assertThat(tally.grantedByMajority()).isFalse();
        assertThat(tally.grants()).isEqualTo(3);
        assertThat(tally.fence()).isEqualTo(200);
    }

    @Test
    void refusalsGiveTheShortestPositiveHolderTtl() {
        AcquireTally tally = tally(refuse(a, 900), refuse(b, 300), refuse(c, -1));
        assertThat(tally.grantedByMajority()).isFalse();
        assertThat(tally.heldByMajority()).isTrue();
        assertThat(tally.minHolderTtlMillis()).isEqualTo(300);
        assertThat(tally.majorityUnreachable()).isFalse();
    }

    @Test
    void aMajorityWithoutAnswerIsUnreachableAndOnlyNodesSentToAreCleanedUp() {
        AcquireTally tally = tally(grant(a, 100), NodeOutcome.failed(b, new TimeoutException("late"), true),
                NodeOutcome.failed(c, new RedlockNode.NodeSkippedException("circuit breaker open"), false));
        assertThat(tally.grantedByMajority()).isFalse();
        assertThat(tally.majorityUnreachable()).isTrue();
        assertThat(tally.answeredReached()).containsExactly(a, b);
        assertThat(tally.describeFailed()).isEqualTo("127.0.0.1:7002 (late), 127.0.0.1:7003 (circuit breaker open)");
    }

    @Test
    void foreignDataOnAnyNodeIsReported() {
        KeyConflictException conflict = new KeyConflictException("x", "hasp:{x}", "a string value");
        AcquireTally tally = tally(grant(a, 1), grant(b, 1), NodeOutcome.failed(c, conflict, true));
        assertThat(tally.conflict()).isSameAs(conflict);
        assertThat(tally.majorityUnreachable()).isFalse();
    }

    @Test
    void aMajorityOfVotingGrantsDecidesTheRoundBeforeTheOthersAnswer() {
        AcquireTally tally = new AcquireTally(List.of(grant(a, 100), grant(b, 100)), List.of(c), 2);
        assertThat(tally.decided()).isTrue();
        assertThat(tally.grantedByMajority()).isTrue();
        assertThat(tally.settledAtFence()).isEqualTo(2);
        assertThat(tally.raiseTargets()).isEmpty(); // the silent node is no raise target: a majority suffices
        assertThat(tally.waitersSeen()).isTrue(); // the silent node may have waiters: the release must notify
    }

    @Test
    void aMajorityOfRefusalsDecidesTheRoundAndTheSilentNodeIsReleasedToo() {
        AcquireTally tally = new AcquireTally(List.of(refuse(a, 500), refuse(b, 700)), List.of(c), 2);
        assertThat(tally.decided()).isTrue();
        assertThat(tally.heldByMajority()).isTrue();
        assertThat(tally.answeredReached()).containsExactly(a, b);
        assertThat(tally.pending()).containsExactly(c);
    }

    @Test
    void grantsThatDoNotVoteDoNotDecideTheRound() {
        AcquireTally tally = new AcquireTally(List.of(grant(a, 100),
                NodeOutcome.answered(b, AcquireReply.granted(100), false)), List.of(c), 2);
        assertThat(tally.decided()).isFalse();
    }

    @Test
    void aRoundThatFailuresLeftWithoutMajorityWaitsForTheLastAnswerToSayWhy() {
        // No majority can grant any more, but whether the round was held, unreachable or split depends on c.
        AcquireTally open = new AcquireTally(List.of(refuse(a, 500),
                NodeOutcome.failed(b, new TimeoutException("late"), true)), List.of(c), 2);
        assertThat(open.decided()).isFalse();
        AcquireTally done = new AcquireTally(List.of(refuse(a, 500),
                NodeOutcome.failed(b, new TimeoutException("late"), true), refuse(c, 400)), List.of(), 2);
        assertThat(done.decided()).isTrue();
        assertThat(done.heldByMajority()).isTrue();
    }

    @Test
    void aNodeWithForeignDataIsOutvotedByAMajorityOfGrants() {
        KeyConflictException conflict = new KeyConflictException("x", "hasp:{x}", "a string value");
        AcquireTally tally = new AcquireTally(List.of(NodeOutcome.failed(a, conflict, true), grant(b, 1)),
                List.of(c), 2);
        assertThat(tally.decided()).isFalse();
        AcquireTally granted = new AcquireTally(List.of(NodeOutcome.failed(a, conflict, true), grant(b, 1),
                grant(c, 1)), List.of(), 2);
        assertThat(granted.grantedByMajority()).isTrue();
    }

    @SafeVarargs
    private static AcquireTally tally(NodeOutcome<AcquireReply>... outcomes) {
        return new AcquireTally(List.of(outcomes), 2);
    }

    private static NodeOutcome<AcquireReply> grant(RedlockNode node, long fence) {
        return NodeOutcome.answered(node, AcquireReply.granted(fence), true);
    }

    private static NodeOutcome<AcquireReply> refuse(RedlockNode node, long ttl) {
        return NodeOutcome.answered(node, AcquireReply.held(ttl), true);
    }

    private static RedlockNode node(int port) {
        return new RedlockNode(RedisURI.create("redis://127.0.0.1:" + port), null, null, null, null, null, null);
    }
}
