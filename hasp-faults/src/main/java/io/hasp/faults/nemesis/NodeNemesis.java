package io.hasp.faults.nemesis;

import io.hasp.testkit.RedisServer;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * A nemesis that hits a set of lock servers at once: picks the set, claims its nodes, and hits them. Stateless.
 */
abstract class NodeNemesis implements Nemesis {
    private final NodeSet set;

    NodeNemesis(NodeSet set) {
        this.set = set;
    }

    /** The verb of the kind, e.g. {@code pause} for {@code pause-redis}. */
    abstract String action();

    @Override
    public final String kind() {
        return action() + "-" + set.label();
    }

    @Override
    public final boolean strike(Deployment deployment, Targets targets, Random random) throws InterruptedException {
        List<Integer> picked = set.pick(deployment.lockNodes().size(), random);
        List<String> names = picked.stream().map(i -> "node" + i).toList();
        if (!targets.claim(names)) {
            return false;
        }
        try {
            List<RedisServer> nodes = picked.stream().map(deployment.lockNodes()::get).toList();
            hit(deployment, nodes, kind() + " " + names.stream().collect(Collectors.joining(",")));
        } finally {
            targets.release(names);
        }
        return true;
    }

    /** Injects and heals the fault; {@code detail} is the kind and target for the fault log. */
    abstract void hit(Deployment deployment, List<RedisServer> nodes, String detail) throws InterruptedException;
}
