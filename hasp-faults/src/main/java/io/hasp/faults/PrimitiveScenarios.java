package io.hasp.faults;

import io.hasp.faults.nemesis.Persistence;
import io.hasp.faults.worker.BrokenMode;
import io.hasp.faults.worker.LockVariant;
import java.time.Duration;
import java.util.List;

/**
 * The short scenario of each primitive's workload (semaphore, rwlock, leader) for CI: the nemeses that act on a
 * holder (kill it, freeze it past its lease, cut it off) and on the server (freeze it, restart it under a holder,
 * losing what it held), alone and then mixed, without persistence. The full set of nemeses, with and without AOF,
 * runs from the command line ({@code --variants semaphore,rwlock,leader}, see {@link Scenarios#forVariant}).
 * Stateless.
 */
public final class PrimitiveScenarios {
    private static final List<String> FAULTS = List.of("kill-worker", "pause-holder", "partition-worker",
            "pause-redis", "restart-redis-holder");
    private static final Duration MIXED = Duration.ofSeconds(3);
    private static final Duration GAP = Duration.ofMillis(500);

    private PrimitiveScenarios() {
    }

    /** One round of {@code variant}'s short scenario. */
    public static Scenario shortRun(LockVariant variant, int workers, int threads, long seed) {
        return new Scenario(variant.name() + "-short", Scenarios.spec(variant, Persistence.NONE, workers, threads,
                BrokenMode.NONE, seed), FAULTS, FAULTS, MIXED, GAP, Duration.ZERO);
    }
}
