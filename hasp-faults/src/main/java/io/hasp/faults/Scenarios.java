package io.hasp.faults;

import io.hasp.faults.nemesis.DeploymentSpec;
import io.hasp.faults.nemesis.Persistence;
import io.hasp.faults.worker.BrokenMode;
import io.hasp.faults.worker.LockVariant;
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
        if (variant.nodes() == 1) {
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
