package io.hasp.faults.nemesis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs nemeses against a deployment, driven by one seeded random source: the same seed makes the same choices of
 * fault, target and gap (the timing of the processes themselves still varies from run to run).
 *
 * <p>Design note. The scheduler's random source is used only by the thread calling {@link #solo} or {@link #mixed};
 * each strike gets its own {@link Random} seeded from it, so concurrent strikes in the mixed phase never share one
 * and the sequence of choices stays a function of the seed. Concurrent strikes never hit the same target
 * ({@link Targets}). Not thread-safe: drive it from one thread.
 */
public final class NemesisScheduler {
    private static final Duration MIN_MIXED_GAP = Duration.ofMillis(200);

    private final Deployment deployment;
    private final Random random;
    private final Targets targets = new Targets();

    public NemesisScheduler(Deployment deployment, long seed) {
        this.deployment = deployment;
        this.random = new Random(seed);
    }

    /** Each nemesis alone, in order, with a quiet {@code gap} before each. */
    public void solo(List<Nemesis> nemeses, Duration gap) throws InterruptedException {
        for (Nemesis nemesis : nemeses) {
            Thread.sleep(gap.toMillis());
            nemesis.strike(deployment, targets, new Random(random.nextLong()));
        }
    }

    /**
     * Nemeses picked at random and started every {@code MIN_MIXED_GAP..maxGap} for {@code length}, overlapping each
     * other (never on the same target); returns once every started fault has healed.
     */
    public void mixed(List<Nemesis> nemeses, Duration length, Duration maxGap) throws InterruptedException {
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "nemesis");
            thread.setDaemon(true);
            return thread;
        });
        List<Future<Boolean>> strikes = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + length.toNanos();
            long spread = Math.max(1, maxGap.toMillis() - MIN_MIXED_GAP.toMillis());
            while (System.nanoTime() < deadline) {
                Thread.sleep(MIN_MIXED_GAP.toMillis() + (long) (random.nextDouble() * spread));
                Nemesis nemesis = nemeses.get(random.nextInt(nemeses.size()));
                Random own = new Random(random.nextLong());
                strikes.add(pool.submit(() -> nemesis.strike(deployment, targets, own)));
            }
            for (Future<Boolean> strike : strikes) {
                strike.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a nemesis failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
