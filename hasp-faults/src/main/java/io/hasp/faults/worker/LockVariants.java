package io.hasp.faults.worker;

import java.util.List;

/** The lock variants this build can test. Stateless. */
public final class LockVariants {
    private static final List<LockVariant> ALL = List.of(new SingleLockVariant(), new FairLockVariant(),
            new RedlockLockVariant(), new ReplicatedLockVariant(Topology.CLUSTER, false),
            new ReplicatedLockVariant(Topology.CLUSTER, true), new ReplicatedLockVariant(Topology.SENTINEL, false),
            new ReplicatedLockVariant(Topology.SENTINEL, true));

    private LockVariants() {
    }

    /** Every variant available in this build, in report order. */
    public static List<LockVariant> all() {
        return ALL;
    }

    /** The variants on independent servers (one Redis, or Redlock's several). */
    public static List<LockVariant> standalone() {
        return ALL.stream().filter(v -> v.topology() == Topology.STANDALONE).toList();
    }

    /**
     * @throws IllegalArgumentException naming the known variants if there is none by that name
     */
    public static LockVariant named(String name) {
        for (LockVariant variant : ALL) {
            if (variant.name().equals(name)) {
                return variant;
            }
        }
        throw new IllegalArgumentException("variant must be one of " + ALL.stream().map(LockVariant::name).toList()
                + ", got '" + name + "'");
    }
}
