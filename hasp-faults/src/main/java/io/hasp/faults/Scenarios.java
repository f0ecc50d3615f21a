package io.hasp.faults;

import io.hasp.faults.nemesis.DeploymentSpec;
import io.hasp.faults.nemesis.Persistence;
import io.hasp.faults.worker.BrokenMode;
import io.hasp.faults.worker.LockVariant;
import io.hasp.faults.worker.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The scenarios of a fault run: which nemeses each lock variant faces, and with what persistence. Stateless.
 *
 * <p>Single-server variants face every nemesis on a lock server without persistence (where a restart loses locks:
 * its double grants are measured and the fence must still hold), then the restarts again with AOF and
 * {@code appendfsync always} (where no lock may be granted twice). Multi-server variants (Redlock) face pauses,
 * crash-restarts and partitions of a minority and of a majority of their servers, and the worker faults that act on
 * a lease (kill, pause, partition); cutting and slowing one client's connections is client plumbing the single-server
 * scenarios already cover.
 *
 * <p>Replicated variants (Redis Cluster, Sentinel) face the faults that replace the lock's primary: a forced failover,
 * a primary kill under a frozen holder (plain, and with the replicas made to miss the latest writes), a primary pause
 * until a replica takes over, and (Cluster) moving the lock's slot. Their lease is longer than a failover takes, so a
 * holder frozen across one still claims its lease when the new primary grants the lock again: that is the double
 * grant failover causes, counted apart, which the fence must refuse. The variants with {@code replicaAcks(1, ...)}
 * face the two primary kills only, and must show no such double grant. The mixed part (long runs only) adds the
 * worker faults that act on a lease; the proxy faults do not apply (workers connect to the nodes directly).
 */
public final class Scenarios {
    /** The lease time of every worker: short, so faults outlast leases quickly. */
    private static final Duration LEASE = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofMillis(1_500);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);
    private static final Duration MAX_PAUSE = Duration.ofMillis(8);
    /**
     * The broken workloads pause longer inside their critical sections, so the lock is held (and a holder is frozen
     * mid-section) most of the time: each pause-holder fault then exposes the bug instead of landing in a gap.
     */
    private static final Duration BROKEN_MAX_PAUSE = Duration.ofMillis(30);
    /** Two workers suffice to expose the bugs: while one is frozen, the other's threads take the lock and write. */
    private static final int BROKEN_WORKERS = 2;
    private static final Duration GAP = Duration.ofMillis(500);
    private static final Duration SHORT_MIXED = Duration.ofSeconds(6);
    /** With AOF only the restarts matter; the other faults are covered without persistence. */
    private static final Duration AOF_SHORT_MIXED = Duration.ofSeconds(2);
    private static final Duration LONG_MIXED = Duration.ofSeconds(30);

    private static final List<String> WORKER_FAULTS = List.of("kill-worker", "pause-holder", "partition-worker",
            "cut-worker", "slow-worker");
    private static final List<String> LEASE_WORKER_FAULTS = List.of("kill-worker", "pause-holder", "partition-worker");
    private static final List<String> SINGLE_SERVER_FAULTS = List.of("pause-redis", "partition-redis",
            "restart-redis", "restart-redis-holder");
    private static final List<String> MULTI_SERVER_FAULTS = List.of("pause-minority", "restart-minority",
            "partition-minority", "pause-majority", "restart-majority", "partition-majority");
    private static final List<String> CLUSTER_FAULTS = List.of("kill-primary-lagging", "pause-primary", "move-slot",
            "failover", "kill-primary");
    private static final List<String> SENTINEL_FAULTS = List.of("kill-primary-lagging", "pause-primary", "failover",
            "kill-primary");
    private static final List<String> ACKS_FAULTS = List.of("kill-primary", "kill-primary-lagging");
    /**
     * The lease of the replicated variants: longer than a failover takes on a loaded machine (2 s node timeout or
     * 1.5 s down-after, the election, the client finding the new primary), so a frozen holder outlives it. Longer
     * would cost more: a lock whose release timed out stays taken for a whole lease.
     */
    private static final Duration FAILOVER_LEASE = Duration.ofSeconds(10);
    /**
     * The part of each replicated scenario that {@code mvn verify} runs (each fault costs seconds of election and
     * rejoin): the fault that shows each variant's point.
     */
    private static final List<String> CLUSTER_CI_FAULTS = List.of("kill-primary-lagging", "move-slot", "failover");
    private static final List<String> SENTINEL_CI_FAULTS = List.of("kill-primary-lagging");
    private static final List<String> ACKS_CI_FAULTS = List.of("kill-primary");

    private Scenarios() {
    }

    /**
     * The scenarios for {@code variant}: one round each when {@code budgetEach} is zero (the short run), else rounds
     * with longer mixed parts until each has had {@code budgetEach}.
     */
    public static List<Scenario> forVariant(LockVariant variant, int workers, int threads, long seed,
            Duration budgetEach) {
        boolean shortRun = budgetEach.isZero();
        Duration mixed = shortRun ? SHORT_MIXED : LONG_MIXED;
        List<Scenario> scenarios = new ArrayList<>();
        if (variant.topology() != Topology.STANDALONE) {
            List<String> solo = variant.waitsForReplicas() ? ACKS_FAULTS
                    : variant.topology() == Topology.CLUSTER ? CLUSTER_FAULTS : SENTINEL_FAULTS;
            scenarios.add(replicated(variant, workers, threads, seed, solo, shortRun ? List.of()
                    : concat(solo, List.of("kill-worker", "pause-holder")), mixed, budgetEach));
        } else if (variant.nodes() == 1) {
            List<String> all = concat(WORKER_FAULTS, SINGLE_SERVER_FAULTS);
            scenarios.add(new Scenario(variant.name(), spec(variant, Persistence.NONE, workers, threads, BrokenMode.NONE,
                    seed), all, all, mixed, GAP, budgetEach));
            scenarios.add(new Scenario(variant.name() + "-aof", spec(variant, Persistence.AOF_ALWAYS, workers, threads,
                    BrokenMode.NONE, seed), List.of("restart-redis", "restart-redis-holder"),
                    List.of("restart-redis", "restart-redis-holder", "kill-worker", "pause-holder"),
                    shortRun ? AOF_SHORT_MIXED : mixed, GAP, budgetEach));
        } else {
            List<String> all = concat(MULTI_SERVER_FAULTS, LEASE_WORKER_FAULTS);
            scenarios.add(new Scenario(variant.name(), spec(variant, Persistence.NONE, workers, threads,
                    BrokenMode.NONE, seed), all, all, mixed, GAP, budgetEach));
        }
        return scenarios;
    }

    /**
     * The short part of a replicated variant's scenario that the build's fault test runs: one round of the faults
     * that show the variant's point (for Cluster also a slot move and a forced failover), nothing mixed.
     *
     * @throws IllegalArgumentException for a variant on independent servers
     */
    public static Scenario quickReplicated(LockVariant variant, int workers, int threads, long seed) {
        if (variant.topology() == Topology.STANDALONE) {
            throw new IllegalArgumentException(variant.name() + " is not a replicated variant");
        }
        List<String> solo = variant.waitsForReplicas() ? ACKS_CI_FAULTS
                : variant.topology() == Topology.CLUSTER ? CLUSTER_CI_FAULTS : SENTINEL_CI_FAULTS;
        return replicated(variant, workers, threads, seed, solo, List.of(), Duration.ZERO, Duration.ZERO);
    }

    private static Scenario replicated(LockVariant variant, int workers, int threads, long seed, List<String> solo,
            List<String> mixed, Duration mixedLength, Duration budget) {
        DeploymentSpec spec = new DeploymentSpec(variant, Persistence.NONE, workers, threads, FAILOVER_LEASE, WAIT,
                COMMAND_TIMEOUT, MAX_PAUSE, BrokenMode.NONE, seed);
        return new Scenario(variant.name(), spec, solo, mixed, mixedLength, GAP, budget);
    }

    /**
     * A scenario whose workers carry a deliberate bug, faced with holders paused past their lease (the fault that
     * exposes both bugs): the checker must find violations in it.
     */
    public static Scenario broken(LockVariant variant, BrokenMode broken, int pauses, long seed) {
        List<String> solo = new ArrayList<>();
        for (int i = 0; i < pauses; i++) {
            solo.add("pause-holder");
        }
        DeploymentSpec spec = new DeploymentSpec(variant, Persistence.NONE, BROKEN_WORKERS, 3, LEASE, WAIT,
                COMMAND_TIMEOUT, BROKEN_MAX_PAUSE, broken, seed);
        return new Scenario(variant.name() + "-broken-" + broken.label(), spec, solo, List.of(), Duration.ZERO,
                Duration.ofMillis(500), Duration.ZERO);
    }

    static DeploymentSpec spec(LockVariant variant, Persistence persistence, int workers, int threads,
            BrokenMode broken, long seed) {
        return new DeploymentSpec(variant, persistence, workers, threads, LEASE, WAIT, COMMAND_TIMEOUT, MAX_PAUSE,
                broken, seed);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
