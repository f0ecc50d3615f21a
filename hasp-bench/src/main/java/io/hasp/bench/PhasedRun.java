package io.hasp.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Runs a set of worker threads through warm-up, a measured window and a drain, and collects what each recorded.
 *
 * <p>Design note. The controlling thread owns the phase (a volatile field); each worker owns its histogram and
 * counters and writes nothing shared except through the {@link CriticalSection}. A cycle counts for the measured
 * window when it completes inside it. After the window, workers finish the cycle they are in (a waiter may first have
 * to get the lock) and stop; the controller reads their numbers only after joining them, so the join is all the
 * synchronisation needed.
 */
final class PhasedRun {
    /** How long to wait for workers to drain after the window before the run is declared stuck. */
    private static final Duration DRAIN_LIMIT = LockImpl.WAIT_LIMIT.plusSeconds(30);
    private static final int MAX_ERRORS_PER_WORKER = 100;

    /** What a worker times: the whole lock+unlock cycle, or the wait for the lock. */
    enum Timed { CYCLE, WAIT }

    private enum Phase { WARMUP, MEASURE, DONE }

    private final List<Worker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile Phase phase = Phase.WARMUP;

    /** One worker's assignment: which client and key it uses. */
    record Assignment(LockClient client, String key) {
    }

    /**
     * Starts one warming-up worker per assignment. {@code section} is the shared critical section of contended
     * runs, or null when every worker has a key of its own.
     */
    static PhasedRun start(List<Assignment> assignments, CriticalSection section, Timed timed) {
        PhasedRun run = new PhasedRun();
        for (int i = 0; i < assignments.size(); i++) {
            Worker worker = new Worker(run, assignments.get(i), section, timed);
            run.workers.add(worker);
            Thread thread = new Thread(worker, "bench-worker-" + i);
            thread.setDaemon(true);
            run.threads.add(thread);
        }
        run.threads.forEach(Thread::start);
        return run;
    }

    /** Warm-up, window and drain in one call, with the probe's snapshots around the window. */
    static Measurement run(List<Assignment> assignments, CriticalSection section, Timed timed, RunSettings settings,
            RedisProbe probe) throws InterruptedException {
        PhasedRun run = start(assignments, section, timed);
        Thread.sleep(settings.warmup().toMillis());
        RedisProbe.Snapshot before = probe.snapshot();
        run.beginWindow();
        Thread.sleep(settings.window().toMillis());
        RedisProbe.Snapshot after = probe.snapshot();
        run.endWindow();
        run.join();
        return run.measurement(before, after, after.processCpuNanos() - before.processCpuNanos());
    }

    void beginWindow() {
        phase = Phase.MEASURE;
    }

    void endWindow() {
        phase = Phase.DONE;
    }

    /** Waits for every worker to finish its last cycle. */
    void join() throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
        for (Thread thread : threads) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (thread.isAlive()) {
                throw new IllegalStateException(thread.getName() + " did not finish within " + DRAIN_LIMIT
                        + " after the window: an implementation is stuck");
            }
        }
    }

    /** The workers' numbers, after {@link #join()}, with the server's counters from the two snapshots. */
    Measurement measurement(RedisProbe.Snapshot before, RedisProbe.Snapshot after, long clientCpuNanos) {
        return new Measurement(measuredCycles(), cyclesRun(), (after.nanoTime() - before.nanoTime()) / 1e9, histogram(),
                after.commands().minus(before.commands()), after.serverCpuNanos() - before.serverCpuNanos(),
                clientCpuNanos, errors(), firstError(), fewestMeasured(),
                WakeUps.between(before.clientWakeUps(), after.clientWakeUps()),
                WakeUps.between(before.serverWakeUps(), after.serverWakeUps()));
    }

    long measuredCycles() {
        return workers.stream().mapToLong(w -> w.measured).sum();
    }

    /** Cycles completed in every phase: a cold or disturbed JVM may complete none inside a short window. */
    long cyclesRun() {
        return workers.stream().mapToLong(w -> w.completed).sum();
    }

    long errors() {
        return workers.stream().mapToLong(w -> w.errors).sum();
    }

    String firstError() {
        return workers.stream().map(w -> w.firstError).filter(e -> e != null).findFirst().orElse(null);
    }

    long fewestMeasured() {
        return workers.stream().mapToLong(w -> w.measured).min().orElse(0);
    }

    Histogram histogram() {
        Histogram all = new Histogram(3);
        workers.forEach(w -> all.add(w.histogram));
        return all;
    }

    /** One thread's loop and its own numbers; read by others only after the thread ended. */
    private static final class Worker implements Runnable {
        private final PhasedRun run;
        private final Assignment assignment;
        private final CriticalSection section;
        private final Timed timed;
        private final Histogram histogram = new Histogram(3);
        private long measured;
        private long completed;
        private long errors;
        private String firstError;

        private Worker(PhasedRun run, Assignment assignment, CriticalSection section, Timed timed) {
            this.run = run;
            this.assignment = assignment;
            this.section = section;
            this.timed = timed;
        }

        @Override
        public void run() {
            try {
                while (run.phase != Phase.DONE && errors < MAX_ERRORS_PER_WORKER) {
                    cycle();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void cycle() throws InterruptedException {
            long start = System.nanoTime();
            Held held;
            try {
                held = assignment.client().lock(assignment.key());
            } catch (RuntimeException e) {
                failed(e);
                return;
            }
            long acquired = System.nanoTime();
            if (section != null) {
                section.run(held);
            }
            try {
                held.unlock();
            } catch (RuntimeException e) {
                failed(e);
                return;
            }
            long end = System.nanoTime();
            completed++;
            if (run.phase == Phase.MEASURE) {
                measured++;
                histogram.recordValue(timed == Timed.CYCLE ? end - start : acquired - start);
            }
        }

        private void failed(RuntimeException e) throws InterruptedException {
            errors++;
            if (firstError == null) {
                firstError = e.toString();
            }
            Thread.sleep(10); // an implementation that fails at once must not spin
        }
    }
}
