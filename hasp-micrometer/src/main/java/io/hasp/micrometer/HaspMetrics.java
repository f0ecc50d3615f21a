package io.hasp.micrometer;

import io.hasp.LockListener;
import io.hasp.LockLostException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A {@link LockListener} that records a client's lock events as Micrometer meters:
 *
 * <ul>
 *   <li>{@code hasp.lock.wait} (timer, tag {@code outcome}: granted, timed_out, cancelled, failed): how long acquires
 *       waited;</li>
 *   <li>{@code hasp.lock.held} (timer, tag {@code outcome}: released, expired, failed): how long leases were held;</li>
 *   <li>{@code hasp.lock.renewal.failures} and {@code hasp.lock.losses} (counters);</li>
 *   <li>{@code hasp.lock.handoffs} (counter): locks passed straight from a release to a waiting acquire;</li>
 *   <li>{@code hasp.redlock.breaker.openings} and {@code hasp.redlock.breaker.closings} (counters, tag {@code node}:
 *       {@code host:port}): a Redlock node's circuit breaker opening (the node is skipped) and closing;</li>
 *   <li>{@code hasp.lock.held.leases} (gauge): leases granted and not yet released;</li>
 *   <li>{@code hasp.lock.waiters} (gauge): acquires under way.</li>
 * </ul>
 *
 * <p>Lock names are not tags by default: they are unbounded, and each would make meters of its own. Give a function
 * that maps a name to one of a few values (for example the part before the first {@code ':'}) to tag them
 * {@code lock}.
 *
 * <pre>{@code
 * Hasp hasp = Hasp.builder().uri(uri).listener(new HaspMetrics(meterRegistry)).build();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class HaspMetrics implements LockListener {
    private final MeterRegistry registry;
    private final Function<String, String> lockTag;
    private final AtomicLong heldLeases = new AtomicLong();
    private final AtomicLong waiters = new AtomicLong();

    /**
     * Meters in {@code registry}, without a lock tag. Registers the two gauges at once.
     *
     * @param registry where the meters are registered
     * @throws NullPointerException if {@code registry} is null
     */
    public HaspMetrics(MeterRegistry registry) {
        this(registry, null);
    }

    /**
     * Meters in {@code registry}, tagged {@code lock} with {@code lockTag}'s value for the lock name; it must map the
     * names to a small, bounded set of values.
     *
     * @param registry where the meters are registered
     * @param lockTag maps a lock name to its {@code lock} tag value, or {@code null} for no lock tag
     * @throws NullPointerException if {@code registry} is null
     */
    public HaspMetrics(MeterRegistry registry, Function<String, String> lockTag) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.lockTag = lockTag;
        Gauge.builder("hasp.lock.held.leases", heldLeases, held -> Math.max(0, held.get()))
                .description("Leases granted and not yet released").register(registry);
        // Events arrive on an executor, so an acquire's end can be counted before its start: never show below zero.
        Gauge.builder("hasp.lock.waiters", waiters, count -> Math.max(0, count.get()))
                .description("Acquires under way").register(registry);
    }

    @Override
    public void acquiring(String lockName) {
        waiters.incrementAndGet();
    }

    @Override
    public void acquired(String lockName, Duration waited, AcquireOutcome outcome) {
        waiters.decrementAndGet();
        if (outcome == AcquireOutcome.GRANTED) {
            heldLeases.incrementAndGet();
        }
        Timer.builder("hasp.lock.wait").description("How long acquires waited, by outcome")
                .tags(tags(lockName, outcome)).register(registry).record(waited);
    }

    @Override
    public void released(String lockName, Duration held, ReleaseOutcome outcome) {
        if (outcome != ReleaseOutcome.FAILED) {
            heldLeases.decrementAndGet();
        }
        Timer.builder("hasp.lock.held").description("How long leases were held, by how their release ended")
                .tags(tags(lockName, outcome)).register(registry).record(held);
    }

    @Override
    public void renewalFailed(String lockName, RuntimeException cause) {
        Counter.builder("hasp.lock.renewal.failures").description("Watchdog renewals that could not reach Redis")
                .tags(tags(lockName, null)).register(registry).increment();
    }

    @Override
    public void lost(String lockName, LockLostException reason) {
        Counter.builder("hasp.lock.losses").description("Leases lost before their release")
                .tags(tags(lockName, null)).register(registry).increment();
    }

    @Override
    public void handedOff(String lockName) {
        Counter.builder("hasp.lock.handoffs").description("Locks passed straight from a release to a waiting acquire")
                .tags(tags(lockName, null)).register(registry).increment();
    }

    @Override
    public void nodeBreakerOpened(String node) {
        Counter.builder("hasp.redlock.breaker.openings")
                .description("Redlock node circuit breakers opened: the node is skipped until it answers again")
                .tag("node", node).register(registry).increment();
    }

    @Override
    public void nodeBreakerClosed(String node) {
        Counter.builder("hasp.redlock.breaker.closings")
                .description("Redlock node circuit breakers closed: the node answered again")
                .tag("node", node).register(registry).increment();
    }

    private Tags tags(String lockName, Enum<?> outcome) {
        Tags tags = outcome == null ? Tags.empty() : Tags.of("outcome", outcome.name().toLowerCase(Locale.ROOT));
        return lockTag == null ? tags : tags.and("lock", String.valueOf(lockTag.apply(lockName)));
    }

    @Override
    public String toString() {
        return "HaspMetrics{" + registry.getClass().getSimpleName() + '}';
    }
}
