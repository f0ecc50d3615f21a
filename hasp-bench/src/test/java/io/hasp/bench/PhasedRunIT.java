package io.hasp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The measured window of a run against a testkit Redis (the probe's), with a client that only sleeps a little. */
class PhasedRunIT {

    /**
     * Stop 15 found another client's CPU charged to the client measured next: its window started while something
     * else in the JVM was still busy. A thread that burns CPU for a while stands in for that client here.
     */
    @Test
    void theWindowNoLongerStartsWhileAnotherThreadOfTheJvmIsBusy() throws InterruptedException {
        ConcurrentLinkedDeque<Long> cycleStarts = new ConcurrentLinkedDeque<>();
        LockClient client = LockClient.of(key -> {
            cycleStarts.add(System.nanoTime());
            LockSupport.parkNanos(1_000_000);
            return () -> { };
        }, () -> { });
        RunSettings settings = new RunSettings(Duration.ofMillis(20), Duration.ofMillis(200), 1);

        Measurement measurement;
        long busyUntil;
        try (RedisServer server = RedisServer.start();
                RedisProbe probe = new RedisProbe(RedisTarget.parse(server.uri()))) {
            busyUntil = System.nanoTime() + Duration.ofMillis(500).toNanos();
            Thread busy = new Thread(() -> {
                while (System.nanoTime() - busyUntil < 0) {
                    Thread.onSpinWait();
                }
            }, "busy-other-client");
            busy.start();
            measurement = PhasedRun.run(List.of(new PhasedRun.Assignment(client, "k")), null,
                    PhasedRun.Timed.CYCLE, settings, probe);
            busy.join();
        }

        // One worker: the measured cycles are the last ones but for at most one that ended after the window, so this
        // is the first measured cycle or the second.
        List<Long> starts = List.copyOf(cycleStarts);
        assertThat(measurement.cycles()).isPositive();
        long firstMeasured = starts.get(starts.size() - (int) measurement.cycles());
        assertThat(firstMeasured - busyUntil).as("a measured cycle's start after the busy thread's end, ns")
                .isNotNegative();
        assertThat(measurement.settles()).singleElement().satisfies(settle -> assertThat(settle.idle()).isTrue());
    }
}
