package io.hasp.micrometer;

import io.hasp.Lock;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;
import java.util.function.Function;

/**
 * Micrometer {@link Observation}s around a lock's acquires and held sections, so that a tracing bridge (Micrometer
 * Tracing to OpenTelemetry or Brave) shows them as spans and an observation handler can time them:
 *
 * <ul>
 *   <li>{@value #ACQUIRE} from the call to its outcome (low-cardinality key {@code outcome}: granted, timed_out,
 *       cancelled, failed);</li>
 *   <li>{@value #HOLD} from the grant to the release (key {@code outcome}: released, expired, failed).</li>
 * </ul>
 *
 * <p>Both carry the lock name as the high-cardinality key {@value #LOCK_NAME} (spans may hold it, meters never do)
 * and, given a function that maps names to a few values, the low-cardinality key {@code lock}. Their parent is the
 * observation current when the acquire was called. {@link Lock#withLock} and {@link Lock#runLocked} run the work
 * inside the held observation's scope, so what the work observes nests under it. The names differ from
 * {@link HaspMetrics}' meters, so both can feed one meter registry.
 *
 * <pre>{@code
 * HaspObservations observations = new HaspObservations(observationRegistry);
 * Lock orders = observations.observe(hasp.lock("orders"));
 * }</pre>
 *
 * <p>Thread-safe; the locks it returns are too.
 */
public final class HaspObservations {
    /** The observation around an acquire. */
    public static final String ACQUIRE = "hasp.lock.acquire";
    /** The observation around a held section, from grant to release. */
    public static final String HOLD = "hasp.lock.hold";
    /** The high-cardinality key holding the lock name. */
    public static final String LOCK_NAME = "hasp.lock.name";

    private final ObservationRegistry registry;
    private final Function<String, String> lockTag;

    /**
     * Observations in {@code registry}, without a lock key.
     *
     * @param registry where the observations are made
     * @throws NullPointerException if {@code registry} is null
     */
    public HaspObservations(ObservationRegistry registry) {
        this(registry, null);
    }

    /**
     * Observations in {@code registry}, with the low-cardinality key {@code lock} set to {@code lockTag}'s value for
     * the lock name; it must map the names to a small, bounded set of values.
     *
     * @param registry where the observations are made
     * @param lockTag maps a lock name to its {@code lock} key value, or {@code null} for no lock key
     * @throws NullPointerException if {@code registry} is null
     */
    public HaspObservations(ObservationRegistry registry, Function<String, String> lockTag) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.lockTag = lockTag;
    }

    /**
     * {@code lock}, with each acquire and held section observed.
     *
     * @param lock the lock to observe
     * @return a lock that acquires through {@code lock} and observes each acquire ({@value #ACQUIRE}) and each held
     *     section ({@value #HOLD})
     * @throws NullPointerException if {@code lock} is null
     */
    public Lock observe(Lock lock) {
        return new ObservedLock(Objects.requireNonNull(lock, "lock"), this);
    }

    /** A started observation named {@code name} for {@code lockName}, child of {@code parent} (may be null). */
    Observation start(String name, String lockName, Observation parent) {
        Observation observation = Observation.createNotStarted(name, registry).parentObservation(parent)
                .highCardinalityKeyValue(LOCK_NAME, lockName);
        if (lockTag != null) {
            observation.lowCardinalityKeyValue("lock", String.valueOf(lockTag.apply(lockName)));
        }
        return observation.start();
    }

    /** The observation current on the calling thread, the parent of what an acquire starts there; may be null. */
    Observation current() {
        return registry.getCurrentObservation();
    }

    @Override
    public String toString() {
        return "HaspObservations{" + registry.getClass().getSimpleName() + '}';
    }
}
