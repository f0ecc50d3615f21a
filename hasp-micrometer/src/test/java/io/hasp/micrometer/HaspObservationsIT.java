package io.hasp.micrometer;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.Hasp;
import io.hasp.Lease;
import io.hasp.Lock;
import io.hasp.LockTimeoutException;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** HaspObservations against a real Redis: each acquire and held section is one observation with its outcome. */
@ExtendWith(RedisServerExtension.class)
class HaspObservationsIT {
    private static final Duration LIVENESS = Duration.ofSeconds(10);
    private RedisServer redis;
    private final TestObservationRegistry observations = TestObservationRegistry.create();

    @BeforeEach
    void flushRedis(RedisServer server) {
        redis = server;
        redis.command("FLUSHALL");
    }

    @Test
    void anAcquireAndItsHeldSectionAreObservedUnderTheCurrentObservation() throws Exception {
        try (Hasp hasp = Hasp.connect(redis.uri())) {
            Lock lock = new HaspObservations(observations, name -> "orders").observe(hasp.lock("orders:1"));
            Observation request = Observation.start("request", observations);
            try (Observation.Scope scope = request.openScope()) {
                try (Lease lease = lock.acquire(Duration.ofSeconds(5))) {
                    Assertions.assertThat(lease.isValid()).isTrue();
                    assertThat(observations).hasObservationWithNameEqualTo(HaspObservations.HOLD).that()
                            .hasBeenStarted().isNotStopped();
                }
            }
            request.stop();
            assertThat(observations).hasObservationWithNameEqualTo(HaspObservations.ACQUIRE).that()
                    .hasBeenStarted().hasBeenStopped().hasLowCardinalityKeyValue("outcome", "granted")
                    .hasLowCardinalityKeyValue("lock", "orders")
                    .hasHighCardinalityKeyValue(HaspObservations.LOCK_NAME, "orders:1")
                    .hasParentObservationEqualTo(request);
            assertThat(observations).hasObservationWithNameEqualTo(HaspObservations.HOLD).that()
                    .hasBeenStopped().hasLowCardinalityKeyValue("outcome", "released")
                    .hasParentObservationEqualTo(request);
            assertThat(observations).hasNumberOfObservationsWithNameEqualTo(HaspObservations.ACQUIRE, 1)
                    .hasNumberOfObservationsWithNameEqualTo(HaspObservations.HOLD, 1);
            Assertions.assertThat(redis.command("EXISTS", "hasp:{orders:1}")).isEqualTo(0L);
        }
    }

    @Test
    void timedOutAndCancelledAcquiresAreObservedAsSuchAndHoldNothing() throws Exception {
        try (Hasp hasp = Hasp.connect(redis.uri()); Hasp other = Hasp.connect(redis.uri())) {
            StoppedAcquires stopped = new StoppedAcquires();
            observations.observationConfig().observationHandler(stopped);
            Lock lock = new HaspObservations(observations).observe(hasp.lock("busy"));
            Lease blocker = other.lock("busy").tryAcquire().orElseThrow();
            Assertions.assertThat(lock.tryAcquire(Duration.ofMillis(50))).isEmpty();
            assertThatThrownBy(() -> lock.acquire(Duration.ofMillis(50))).isInstanceOf(LockTimeoutException.class);
            CompletableFuture<Lease> waiting = lock.acquireAsync(Duration.ofMinutes(1));
            waiting.cancel(true);
            Timing.await("the cancelled acquire observed", LIVENESS, () -> stopped.count.get() == 3);
            assertThat(observations).forAllObservationsWithNameEqualTo(HaspObservations.ACQUIRE, acquire -> acquire
                    .doesNotHaveLowCardinalityKeyValue("outcome", "granted"))
                    .hasAnObservationWithAKeyValue("outcome", "timed_out")
                    .hasAnObservationWithAKeyValue("outcome", "cancelled")
                    .hasNumberOfObservationsWithNameEqualTo(HaspObservations.HOLD, 0);
            blocker.close();
            // The cancelled wait holds nothing: the lock is free for the next acquire at once.
            lock.tryAcquire().orElseThrow().close();
        }
    }

    @Test
    void withLockRunsTheWorkInTheHeldObservationsScope() throws Exception {
        try (Hasp hasp = Hasp.connect(redis.uri())) {
            Lock lock = new HaspObservations(observations).observe(hasp.lock("job"));
            AtomicReference<Observation> inside = new AtomicReference<>();
            long fence = lock.withLock(Duration.ofSeconds(5), lease -> {
                inside.set(observations.getCurrentObservation());
                return lease.fencingToken();
            });
            Assertions.assertThat(fence).isPositive();
            Assertions.assertThat(inside.get().getContext().getName()).isEqualTo(HaspObservations.HOLD);
            assertThat(observations).hasObservationWithNameEqualTo(HaspObservations.HOLD).that().hasBeenStopped()
                    .hasLowCardinalityKeyValue("outcome", "released").doesNotHaveError();
            assertThatThrownBy(() -> lock.runLocked(Duration.ofSeconds(5), lease -> {
                throw new IllegalStateException("work failed");
            })).hasMessage("work failed");
            assertThat(observations).hasNumberOfObservationsWithNameEqualTo(HaspObservations.HOLD, 2)
                    .hasAnObservation(held -> held.hasNameEqualTo(HaspObservations.HOLD).hasError());
            Assertions.assertThat(redis.command("EXISTS", "hasp:{job}")).isEqualTo(0L);
        }
    }

    /** Counts the acquire observations stopped, which the async forms stop on the client's executor. */
    private static final class StoppedAcquires implements ObservationHandler<Observation.Context> {
        final AtomicInteger count = new AtomicInteger();

        @Override
        public void onStop(Observation.Context context) {
            if (context.getName().equals(HaspObservations.ACQUIRE)) {
                count.incrementAndGet();
            }
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }
    }
}
