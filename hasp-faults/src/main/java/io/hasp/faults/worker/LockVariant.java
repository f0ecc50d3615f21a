package io.hasp.faults.worker;

import io.hasp.Hasp;
import io.hasp.Lock;
import io.hasp.LockOptions;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * One kind of lock under test: how a worker connects and how it makes its lock. Adding a variant is one small class
 * and one line in {@link LockVariants}. Implementations are stateless and thread-safe.
 */
public interface LockVariant {

    /** The name used on command lines and in reports, e.g. {@code single}. */
    String name();

    /** How many independent Redis servers it needs (Redlock: three or more); 1 for a replicated topology. */
    int nodes();

    /** Whether its grants and renewals wait for a replica's acknowledgement ({@code replicaAcks}); by default not. */
    default boolean waitsForReplicas() {
        return false;
    }

    /** How its Redis is deployed; by default independent servers without replicas. */
    default Topology topology() {
        return Topology.STANDALONE;
    }

    /**
     * Connects to {@code uris} (one per node, in node order; every node of a cluster; the Sentinel URI of a Sentinel
     * group); by default to the one Redis of a single-node variant.
     *
     * @param commandTimeout how long one Redis command may take
     * @param defaults the client's default lock options: the lease the workers use, so that anything the client derives
     *     from its default lease (Redlock's restart quarantine, for one) matches the leases it hands out
     */
    default Hasp connect(List<String> uris, Duration commandTimeout, LockOptions defaults) {
        return Hasp.builder().uri(uris.get(0)).commandTimeout(commandTimeout).defaultOptions(defaults).build();
    }

    /** The lock named {@code name}, with {@code options}; the primitives' workloads have none. */
    default Lock lock(Hasp hasp, String name, LockOptions options) {
        throw new UnsupportedOperationException(name() + " is not a lock");
    }

    /**
     * What one worker thread does on the primitive named {@code name}: by default take the lock and read and write.
     * {@code random} is the thread's own, seeded stream.
     */
    default Workload workload(Hasp hasp, String name, LockOptions options, Random random) {
        return Workload.exclusive(lock(hasp, name, options));
    }
}
