package io.hasp.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One repetition of several implementations measured in turns, so that the machine's slow drift (other processes'
 * load, the JIT, the clock) falls on all of them alike. Every implementation's client is connected and its workers
 * started for the whole repetition, but only one implementation's workers run at a time, in slices of a few hundred
 * milliseconds. A round gives every implementation one slice, in the given order in even rounds and reversed in odd
 * ones (0, 1, 1, 0, 0, 1, ...), so no implementation always follows the same neighbour. The warm-up runs in the same
 * turns, unmeasured. Before each measured slice the previous implementation's workers are parked (they finish the cycle
 * they are in) and the JVM is checked idle ({@link Quiet}); a slice counts exactly the cycles run between its start and
 * the moment its last worker parked. Used by the controlling thread only.
 */
final class Interleaving {
    /** The idle check before a slice: short, since parked workers leave their clients nothing to do. */
    private static final Duration SETTLE_STEP = Duration.ofMillis(10);
    private static final Duration SETTLE_LIMIT = Duration.ofMillis(250);

    private Interleaving() {
    }

    /**
     * What one repetition gave, per implementation in the order given.
     *
     * @param measurements its slices added up (the latencies of all of them)
     * @param sliceRates its rate in each round's slice, cycles per second, in round order
     */
    record Result(List<Measurement> measurements, List<List<Double>> sliceRates) {
    }

    /**
     * Runs the workers of each implementation ({@code assignments}, one list per implementation) in turns: warm-up
     * slices for {@code settings.warmup()} each, then measured slices of about {@code settings.slice()} adding up to
     * {@code settings.window()} each.
     */
    static Result run(List<List<PhasedRun.Assignment>> assignments, RunSettings settings, RedisProbe probe)
            throws InterruptedException {
        List<PhasedRun> runs = new ArrayList<>();
        try {
            for (List<PhasedRun.Assignment> workers : assignments) {
                runs.add(PhasedRun.startPaused(workers, PhasedRun.Timed.CYCLE));
            }
            warmUp(runs, settings);
            Result result = measure(runs, settings, probe);
            for (PhasedRun run : runs) {
                run.endWindow();
                run.join();
            }
            return result;
        } finally {
            runs.forEach(PhasedRun::endWindow); // after a failure, the workers must not run on
        }
    }

    private static void warmUp(List<PhasedRun> runs, RunSettings settings) throws InterruptedException {
        int rounds = rounds(settings.warmup(), settings.slice());
        long sliceMillis = settings.warmup().toMillis() / rounds;
        for (int round = 0; round < rounds; round++) {
            for (int i : order(runs.size(), round)) {
                runs.get(i).warmUp();
                Thread.sleep(sliceMillis);
                runs.get(i).pause();
            }
        }
    }

    private static Result measure(List<PhasedRun> runs, RunSettings settings, RedisProbe probe)
            throws InterruptedException {
        int rounds = rounds(settings.window(), settings.slice());
        long sliceMillis = settings.window().toMillis() / rounds;
        List<Usage> usages = new ArrayList<>();
        List<List<Quiet.Outcome>> settles = new ArrayList<>();
        List<List<Double>> rates = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            usages.add(Usage.NONE);
            settles.add(new ArrayList<>());
            rates.add(new ArrayList<>());
        }
        for (int round = 0; round < rounds; round++) {
            for (int i : order(runs.size(), round)) {
                PhasedRun run = runs.get(i);
                settles.get(i).add(Quiet.await(SETTLE_STEP, SETTLE_LIMIT));
                long cyclesBefore = run.measuredCycles();
                RedisProbe.Snapshot before = probe.snapshot();
                run.beginWindow();
                Thread.sleep(sliceMillis);
                run.pause();
                Usage slice = Usage.between(before, probe.snapshot());
                usages.set(i, usages.get(i).plus(slice));
                rates.get(i).add((run.measuredCycles() - cyclesBefore) / slice.seconds());
            }
        }
        List<Measurement> measurements = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            measurements.add(runs.get(i).measurement(usages.get(i), settles.get(i)));
        }
        return new Result(measurements, rates);
    }

    /** How many slices of about {@code slice} make up {@code total}: at least one. */
    static int rounds(Duration total, Duration slice) {
        return (int) Math.max(1, Math.round((double) total.toMillis() / slice.toMillis()));
    }

    /** The turn of each implementation in {@code round}: as given in even rounds, reversed in odd ones. */
    static int[] order(int implementations, int round) {
        int[] order = new int[implementations];
        for (int i = 0; i < implementations; i++) {
            order[i] = round % 2 == 0 ? i : implementations - 1 - i;
        }
        return order;
    }
}
