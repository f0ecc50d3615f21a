package io.hasp.faults.worker;

/** How a lock variant's Redis is deployed, which decides what the runner starts and which faults apply. Immutable. */
public enum Topology {
    /** Independent servers without replicas: one for a single-server lock, three for Redlock. */
    STANDALONE,
    /** A Redis Cluster of 3 primaries with one replica each. */
    CLUSTER,
    /** One primary with two replicas, watched by three Sentinels. */
    SENTINEL
}
