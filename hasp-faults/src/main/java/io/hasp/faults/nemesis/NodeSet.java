package io.hasp.faults.nemesis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Which lock servers a server fault hits: all of them, a minority, or a majority (for multi-node locks). Immutable.
 */
public enum NodeSet {
    ALL("redis"),
    MINORITY("minority"),
    MAJORITY("majority");

    private final String label;

    NodeSet(String label) {
        this.label = label;
    }

    /** How the set appears in fault kinds: {@code pause-redis}, {@code pause-minority}, ... */
    public String label() {
        return label;
    }

    /** Picks the node indices at random among {@code nodes} servers. */
    List<Integer> pick(int nodes, Random random) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            all.add(i);
        }
        Collections.shuffle(all, random);
        int count = switch (this) {
            case ALL -> nodes;
            case MINORITY -> (nodes - 1) / 2;
            case MAJORITY -> nodes / 2 + 1;
        };
        return List.copyOf(all.subList(0, Math.max(1, count)));
    }
}
