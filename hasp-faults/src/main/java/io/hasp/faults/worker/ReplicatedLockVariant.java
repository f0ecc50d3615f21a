package io.hasp.faults.worker;

import io.hasp.Hasp;
import io.hasp.HaspBuilder;
import io.hasp.Lock;
import io.hasp.LockOptions;
import java.time.Duration;
import java.util.List;

/**
 * {@code hasp.lock(name)} on a replicated deployment: a Redis Cluster ({@code Hasp.builder().cluster(seeds...)}, the
 * runner hands every node as a seed) or a Sentinel group ({@code Hasp.builder().uri("redis-sentinel://...")}).
 * Optionally every grant and renewal waits for one replica ({@code replicaAcks(1, ...)}), which is what lets a lock
 * survive a primary kill. Stateless.
 */
final class ReplicatedLockVariant implements LockVariant {
    /** Shorter than the workers' command timeout, as {@code replicaAcks} requires. */
    static final Duration REPLICA_ACK_TIMEOUT = Duration.ofMillis(250);

    private final Topology topology;
    private final boolean replicaAcks;

    ReplicatedLockVariant(Topology topology, boolean replicaAcks) {
        if (topology == Topology.STANDALONE) {
            throw new IllegalArgumentException("a replicated variant needs a cluster or Sentinel topology");
        }
        this.topology = topology;
        this.replicaAcks = replicaAcks;
    }

    @Override
    public String name() {
        return (topology == Topology.CLUSTER ? "cluster" : "sentinel") + (replicaAcks ? "-acks" : "");
    }

    @Override
    public int nodes() {
        return 1;
    }

    @Override
    public boolean waitsForReplicas() {
        return replicaAcks;
    }

    @Override
    public Topology topology() {
        return topology;
    }

    @Override
    public Hasp connect(List<String> uris, Duration commandTimeout, LockOptions defaults) {
        HaspBuilder builder = Hasp.builder().commandTimeout(commandTimeout).defaultOptions(withAcks(defaults));
        return (topology == Topology.CLUSTER ? builder.cluster(uris.toArray(String[]::new)) : builder.uri(uris.get(0)))
                .build();
    }

    @Override
    public Lock lock(Hasp hasp, String name, LockOptions options) {
        return hasp.lock(name, withAcks(options));
    }

    private LockOptions withAcks(LockOptions options) {
        return replicaAcks ? options.toBuilder().replicaAcks(1, REPLICA_ACK_TIMEOUT).build() : options;
    }
}
