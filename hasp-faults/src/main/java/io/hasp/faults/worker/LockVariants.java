package io.hasp.faults.worker;

import java.util.List;

/** The lock variants this build can test. Stateless. */
public final class LockVariants {
    private static final List<LockVariant> ALL = List.of(new SingleLockVariant(), new FairLockVariant(),
            new RedlockLockVariant(), new ReplicatedLockVariant(Topology.CLUSTER, false),
            new ReplicatedLockVariant(Topology.CLUSTER, true), new ReplicatedLockVariant(Topology.SENTINEL, false),
            new ReplicatedLockVariant(Topology.SENTINEL, true));
    /** The workloads of the other primitives (issue 16), named like variants; opt-in by name. */
    private static final List<LockVariant> PRIMITIVES = List.of(new SemaphoreVariant(), new ReadWriteVariant(),
            new LeaderVariant());

    private LockVariants() {
    }

    /** Every variant available in this build, in report order. */
    public static List<LockVariant> all() {
        return ALL;
    }

    /** The lock variants on independent servers (one Redis, or Redlock's several). */
    public static List<LockVariant> standalone() {
        return ALL.stream().filter(v -> v.topology() == Topology.STANDALONE).toList();
    }

    /** The semaphore, read-write lock and leader workloads, run with {@code --variants semaphore,rwlock,leader}. */
    public static List<LockVariant> primitives() {
        return PRIMITIVES;
    }

    /**
     * @throws IllegalArgumentException naming the known variants if there is none by that name
     */
    public static LockVariant named(String name) {
        for (List<LockVariant> group : List.of(ALL, PRIMITIVES)) {
            for (LockVariant variant : group) {
                if (variant.name().equals(name)) {
                    return variant;
                }
            }
        }
        throw new IllegalArgumentException("variant must be one of " + ALL.stream().map(LockVariant::name).toList()
                + " or " + PRIMITIVES.stream().map(LockVariant::name).toList() + ", got '" + name + "'");
    }
}
