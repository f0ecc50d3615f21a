package io.hasp.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An implementation a scenario lists, with the names its row goes by. Immutable.
 *
 * @param id short id, as in {@code --impls} and in JSON
 * @param family the {@code --impls} id that selects this candidate (e.g. {@code redisson} for its fair lock)
 * @param label name for people
 * @param impl the implementation
 */
record Candidate(String id, String family, String label, LockImpl impl) {

    static Candidate of(LockImpl impl, String family) {
        return new Candidate(impl.id(), family, impl.label(), impl);
    }

    static Candidate of(LockImpl impl) {
        return of(impl, impl.id());
    }

    /**
     * The order to measure {@code candidates} in repetition {@code rep} (from 1): as given in odd repetitions,
     * reversed in even ones, so that no implementation always runs right after the same neighbour or always first
     * on a JVM that is still compiling.
     */
    static List<Candidate> runOrder(List<Candidate> candidates, int rep) {
        List<Candidate> order = new ArrayList<>(candidates);
        if (rep % 2 == 0) {
            Collections.reverse(order);
        }
        return order;
    }
}
