package io.hasp.faults.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NodeSetTest {

    @Test
    void minorityAndMajorityAreSizedForTheNodeCount() {
        Random random = new Random(1);

        assertThat(NodeSet.ALL.pick(1, random)).containsExactly(0);
        assertThat(NodeSet.MINORITY.pick(3, random)).hasSize(1);
        assertThat(NodeSet.MAJORITY.pick(3, random)).hasSize(2).doesNotHaveDuplicates();
        assertThat(NodeSet.MINORITY.pick(5, random)).hasSize(2);
        assertThat(NodeSet.MAJORITY.pick(5, random)).hasSize(3).allMatch(i -> i >= 0 && i < 5);
    }

    @Test
    void theSameSeedPicksTheSameNodes() {
        assertThat(NodeSet.MAJORITY.pick(5, new Random(9))).isEqualTo(NodeSet.MAJORITY.pick(5, new Random(9)));
    }
}
