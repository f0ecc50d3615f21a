package io.hasp.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.faults.check.RunStats;
import io.hasp.faults.worker.Topology;
import io.hasp.testkit.Timing;
import java.time.Duration;

/** The checks every scenario of the lock fault runs must pass: no violation, every fault injected, progress made. */
final class LivenessAndSafety {
    /** Liveness only: every scenario made progress (a fair lock waits out dead waiters, so some stall for seconds). */
    private static final int MIN_APPLIED_WRITES = 20;
    /**
     * Liveness: no worker goes longer than this without a grant once it had one. Normal runs stay under about 11 s on
     * a loaded machine; a client shut out of the lock (as by a 30 s restart quarantine) exceeds it.
     */
    private static final Duration MAX_DROUGHT = Duration.ofSeconds(20);

    private LivenessAndSafety() {
    }

    static void assertEveryScenarioSafeAndLive(FaultRun.Report report) {
        for (ScenarioRunner.Outcome outcome : report.outcomes()) {
            String scenario = outcome.scenario().name();
            RunStats stats = outcome.result().stats();
            assertThat(outcome.result().violations()).as("violations in %s (histories in %s)", scenario,
                    outcome.dir()).isEmpty();
            assertThat(stats.faults().keySet()).as("fault kinds injected in %s", scenario)
                    .containsAll(outcome.scenario().solo());
            assertThat(stats.writes().ok()).as("writes applied in %s", scenario)
                    .isGreaterThanOrEqualTo(MIN_APPLIED_WRITES);
            // On replicated Redis a whole (longer) lease may pass on top: a holder frozen across a primary kill keeps
            // the lock the promoted replica has, and a lock whose release timed out stays taken until it expires.
            Duration bound = outcome.scenario().spec().variant().topology() == Topology.STANDALONE ? MAX_DROUGHT
                    : MAX_DROUGHT.plus(outcome.scenario().spec().lease());
            assertThat(Duration.ofMillis(stats.longestDroughtMillis()))
                    .as("longest time %s went without a grant in %s", stats.droughtProcess(), scenario)
                    .isLessThan(Timing.scaled(bound));
        }
    }
}
