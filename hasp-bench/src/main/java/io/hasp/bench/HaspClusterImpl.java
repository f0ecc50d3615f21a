package io.hasp.bench;

import io.hasp.Hasp;
import io.hasp.LockOptions;
import java.time.Duration;
import java.util.List;

/**
 * Hasp's lock on a Redis Cluster ({@code Hasp.builder().cluster(seeds...)}), with {@link HaspImpl}'s settings; the
 * {@code hasp-acks} variant adds {@code replicaAcks(1, 500 ms)}, so a grant counts once a replica has it, to show
 * what that option costs.
 */
final class HaspClusterImpl implements LockImpl {
    /** What the variant asks for: one replica, within a timeout well above a loopback replica's lag. */
    static final int REPLICA_ACKS = 1;
    static final Duration REPLICA_ACK_TIMEOUT = Duration.ofMillis(500);

    private final List<String> seeds;
    private final boolean replicaAcks;

    private HaspClusterImpl(List<String> seeds, boolean replicaAcks) {
        this.seeds = List.copyOf(seeds);
        this.replicaAcks = replicaAcks;
    }

    /** The plain lock on the cluster these nodes belong to. */
    static HaspClusterImpl plain(List<String> seeds) {
        return new HaspClusterImpl(seeds, false);
    }

    /** The lock whose grants wait for a replica's acknowledgement. */
    static HaspClusterImpl withReplicaAcks(List<String> seeds) {
        return new HaspClusterImpl(seeds, true);
    }

    @Override
    public String id() {
        return replicaAcks ? "hasp-acks" : "hasp";
    }

    @Override
    public String label() {
        return "Hasp " + Versions.hasp() + (replicaAcks ? " replicaAcks(" + REPLICA_ACKS + ", "
                + REPLICA_ACK_TIMEOUT.toMillis() + " ms)" : "");
    }

    @Override
    public LockClient newClient() {
        LockOptions.Builder options = LockOptions.builder().leaseTime(LEASE_TIME);
        if (replicaAcks) {
            options.replicaAcks(REPLICA_ACKS, REPLICA_ACK_TIMEOUT);
        }
        Hasp hasp = Hasp.builder()
                .cluster(seeds.toArray(String[]::new))
                .commandTimeout(HaspImpl.COMMAND_TIMEOUT)
                .defaultOptions(options.build())
                .build();
        return HaspImpl.client(hasp, Hasp::lock);
    }
}
