package io.hasp.bench;

import io.hasp.testkit.RedisNodes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * S6: a lock over 3 and over 5 independent Redis servers (started here through the testkit), uncontended, one thread:
 * Hasp's Redlock against {@code RedissonRedLock}, with Hasp's single-node lock on the first server as the reference
 * (issue 5's target: Redlock latency at most 1.2 times the single-node latency).
 */
final class RedlockScenario {
    static final String ID = "S6";
    static final String REFERENCE_ID = "hasp-1-node";

    ScenarioResult run(boolean hasp, boolean redisson, RunSettings settings, Consumer<String> progress)
            throws InterruptedException {
        progress.accept(ID + " starting 5 redis-server nodes");
        try (RedisNodes servers = RedisNodes.start(5)) {
            List<RedisTarget> nodes = new ArrayList<>();
            servers.uris().forEach(uri -> nodes.add(RedisTarget.parse(uri)));
            List<Candidate> candidates = new ArrayList<>();
            if (hasp) {
                HaspImpl single = new HaspImpl(nodes.get(0));
                candidates.add(new Candidate(REFERENCE_ID, "hasp", single.label() + " single node (reference)",
                        single));
            }
            for (int n : new int[] {3, 5}) {
                List<RedisTarget> quorum = nodes.subList(0, n);
                if (hasp) {
                    candidates.add(Implementations.haspRedlock(quorum));
                }
                if (redisson) {
                    RedissonRedLockImpl redLock = new RedissonRedLockImpl(quorum);
                    candidates.add(Candidate.of(redLock, "redisson"));
                }
            }
            try (RedisProbe probe = new RedisProbe(nodes.get(0))) {
                UncontendedScenario scenario = new UncontendedScenario(ID, ID + " Redlock over 3 and 5 nodes, "
                        + "uncontended, 1 thread", 1, REFERENCE_ID);
                ScenarioResult result = scenario.run(candidates, settings, probe, progress);
                result.note("Redis calls, CPU and wake-ups are those of node 1 only; the ratio is to Hasp's "
                        + "single-node lock.");
                return result;
            }
        }
    }
}
