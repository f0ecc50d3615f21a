package io.hasp.bench;

import io.hasp.testkit.RedisCluster;
import io.hasp.testkit.RedisServer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.integration.redis.util.RedisLockRegistry.RedisLockType;

/**
 * S1C and S3C: S1 and S3 on a Redis Cluster of 3 primaries with a replica each, started through the testkit on the
 * first of them and shared by both (stopped by {@link #close()}). Hasp runs twice, plain and with
 * {@code replicaAcks(1, 500 ms)}, beside Redisson's cluster config and Spring Integration over a cluster
 * {@code LettuceConnectionFactory}. Redis calls and CPU are added up over the three primaries. Opt-in, like S7.
 * Used by the suite's thread only.
 */
final class ClusterScenarios implements AutoCloseable {
    static final String S1 = "S1C";
    static final String S3 = "S3C";
    /** The {@code --impls} families that have a cluster form here; the others are left out of S1C and S3C. */
    static final List<String> FAMILIES = List.of("hasp", "redisson", "spring", "spring-pubsub");

    private final List<String> impls;
    private final Consumer<String> progress;
    private RedisCluster cluster;
    private RedisProbe probe;
    private List<Candidate> candidates;

    ClusterScenarios(List<String> impls, Consumer<String> progress) {
        this.impls = List.copyOf(impls);
        this.progress = progress;
    }

    /** Runs S1C or S3C, starting the cluster and warming its clients up first if no cluster scenario ran yet. */
    ScenarioResult run(String id, RunSettings settings) throws InterruptedException {
        if (cluster == null) {
            start(settings);
        }
        ScenarioResult result;
        if (S1.equals(id)) {
            result = new UncontendedScenario(S1, S1 + " uncontended on a Redis Cluster (3 primaries + 3 replicas), 1"
                    + " thread, one client, distinct keys", 1, "hasp").run(candidates, settings, probe, progress);
        } else if (S3.equals(id)) {
            result = new ContendedScenario(S3, "hot key on a Redis Cluster (3 primaries + 3 replicas)", 16)
                    .run(candidates, "hasp", settings, probe, progress);
        } else {
            throw new IllegalArgumentException("not a cluster scenario: " + id);
        }
        result.note("Redis calls, CPU and wake-ups are added up over the 3 primaries. 'hasp-acks' is Hasp with "
                + "replicaAcks(1, 500 ms): each grant waits for a replica (WAIT 1), its ratio is the option's cost."
                + skipped());
        return result;
    }

    private void start(RunSettings settings) throws InterruptedException {
        progress.accept("starting a Redis Cluster of 3 primaries and 3 replicas through the testkit");
        cluster = RedisCluster.startWithReplicas();
        List<String> seeds = cluster.primaries().stream().map(RedisServer::uri).toList();
        probe = new RedisProbe(seeds.stream().map(RedisTarget::parse).toList());
        candidates = new ArrayList<>();
        for (String family : impls) {
            switch (family) {
                case "hasp" -> {
                    candidates.add(Candidate.of(HaspClusterImpl.plain(seeds), "hasp"));
                    candidates.add(Candidate.of(HaspClusterImpl.withReplicaAcks(seeds), "hasp"));
                }
                case "redisson" -> candidates.add(Candidate.of(RedissonLockImpl.cluster(seeds)));
                case "spring" -> candidates.add(Candidate.of(SpringRegistryImpl.cluster(seeds,
                        RedisLockType.SPIN_LOCK)));
                case "spring-pubsub" -> candidates.add(Candidate.of(SpringRegistryImpl.cluster(seeds,
                        RedisLockType.PUB_SUB_LOCK)));
                default -> { } // no cluster form: named in the note
            }
        }
        Suite.warmUpJvm(candidates, settings, progress);
    }

    private String skipped() {
        List<String> left = impls.stream().filter(id -> !FAMILIES.contains(id)).toList();
        return left.isEmpty() ? "" : " Not run on the cluster: " + String.join(", ", left) + ".";
    }

    @Override
    public void close() {
        if (probe != null) {
            probe.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }
}
