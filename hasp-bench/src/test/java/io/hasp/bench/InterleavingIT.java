package io.hasp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** Two stand-in implementations run in turns, with a testkit Redis for the probe. */
class InterleavingIT {
    private final AtomicInteger overlaps = new AtomicInteger();

    @Test
    void implementationsInTurnsNeverRunAtOnceAndEachGetsOneSlicePerRound() throws InterruptedException {
        List<AtomicInteger> active = List.of(new AtomicInteger(), new AtomicInteger());
        List<List<PhasedRun.Assignment>> assignments = new ArrayList<>();
        for (int impl = 0; impl < 2; impl++) {
            LockClient client = client(active.get(impl), active.get(1 - impl));
            assignments.add(List.of(new PhasedRun.Assignment(client, "a"), new PhasedRun.Assignment(client, "b")));
        }
        RunSettings settings = new RunSettings(Duration.ofMillis(200), Duration.ofMillis(600), 1,
                Duration.ofMillis(100));

        Interleaving.Result result;
        try (RedisServer server = RedisServer.start();
                RedisProbe probe = new RedisProbe(RedisTarget.parse(server.uri()))) {
            result = Interleaving.run(assignments, settings, probe);
        }

        assertThat(overlaps.get()).as("cycles of one implementation while the other's ran").isZero();
        for (int impl = 0; impl < 2; impl++) {
            assertThat(result.sliceRates().get(impl)).hasSize(6).allSatisfy(rate -> assertThat(rate).isPositive());
            Measurement measurement = result.measurements().get(impl);
            assertThat(measurement.settles()).hasSize(6);
            assertThat(measurement.cycles()).isPositive().isLessThan(measurement.cyclesRun());
            assertThat(measurement.windowSeconds()).isGreaterThanOrEqualTo(0.6);
        }
    }

    /** A client that counts itself active during each cycle and notes any cycle during which {@code other} is. */
    private LockClient client(AtomicInteger self, AtomicInteger other) {
        return LockClient.of(key -> {
            self.incrementAndGet();
            if (other.get() > 0) {
                overlaps.incrementAndGet();
            }
            LockSupport.parkNanos(200_000);
            return self::decrementAndGet;
        }, () -> { });
    }
}
