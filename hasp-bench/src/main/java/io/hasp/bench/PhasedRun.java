package io.hasp.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Runs a set of worker threads through warm-up, measured windows and a drain, and collects what each recorded.
 *
 * <p>Design note. The controlling thread owns the phase (a volatile field, changed under this run's monitor); each
 * worker owns its histogram and counters and writes nothing shared except through the {@link CriticalSection}. A cycle
 * counts for the measured window when it completes inside it, or, if the run is paused at the window's end, when it
 * started inside it: so a window closed by {@link #pause()} counts exactly the cycles run between its start and the
 * moment the last worker parked. A worker told to pause or stop finishes the cycle it is in (a waiter may first have to
 * get the lock). A paused worker waits on the monitor; {@link #pause()} returns once every worker is parked or ended,
 * and that monitor hand-over makes their counters visible to the controller. Otherwise the controller reads the
 * numbers only after joining the workers, so the join is all the synchronisation needed.
 */
final class PhasedRun {
    /** How long to wait for workers to drain after the window before the run is declared stuck. */
    private static final Duration DRAIN_LIMIT = LockImpl.WAIT_LIMIT.plusSeconds(30);
    private static final int MAX_ERRORS_PER_WORKER = 100;
    /** The JVM idle check before a window: sampled in these steps, for at most the limit (the JIT may be busy). */
    private static final Duration SETTLE_STEP = Duration.ofMillis(50);
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(3);

    /** What a worker times: the whole lock+unlock cycle, or the wait for the lock. */
    enum Timed { CYCLE, WAIT }

    private enum Phase { WARMUP, MEASURE, PAUSED, DONE }

    private final List<Worker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile Phase phase;
    /** Workers waiting in a pause, and workers that have ended; guarded by this. */
    private int parked;
    private int ended;

    private PhasedRun(Phase first) {
        this.phase = first;
    }

    /** One worker's assignment: which client and key it uses. */
    record Assignment(LockClient client, String key) {
    }

    /**
     * Starts one warming-up worker per assignment. {@code section} is the shared critical section of contended
     * runs, or null when every worker has a key of its own.
     */
    static PhasedRun start(List<Assignment> assignments, CriticalSection section, Timed timed) {
        return start(assignments, section, timed, Phase.WARMUP);
    }

    /** Starts the workers paused: nothing runs before {@link #warmUp()} or {@link #beginWindow()}. */
    static PhasedRun startPaused(List<Assignment> assignments, Timed timed) {
        return start(assignments, null, timed, Phase.PAUSED);
    }

    private static PhasedRun start(List<Assignment> assignments, CriticalSection section, Timed timed, Phase first) {
        PhasedRun run = new PhasedRun(first);
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

    /**
     * Warm-up, window and drain in one call, with the probe's snapshots around the window. Between warm-up and window
     * the workers pause until the JVM is idle (see {@link Quiet}), so nothing left over runs in the window.
     */
    static Measurement run(List<Assignment> assignments, CriticalSection section, Timed timed, RunSettings settings,
            RedisProbe probe) throws InterruptedException {
        PhasedRun run = start(assignments, section, timed);
        Thread.sleep(settings.warmup().toMillis());
        run.pause();
        Quiet.Outcome settled = Quiet.await(SETTLE_STEP, SETTLE_LIMIT);
        RedisProbe.Snapshot before = probe.snapshot();
        run.beginWindow();
        Thread.sleep(settings.window().toMillis());
        RedisProbe.Snapshot after = probe.snapshot();
        run.endWindow();
        run.join();
        return run.measurement(Usage.between(before, after), List.of(settled));
    }

    void beginWindow() {
        resume(Phase.MEASURE);
    }

    /** Lets paused workers run unmeasured. */
    void warmUp() {
        resume(Phase.WARMUP);
    }

    private synchronized void resume(Phase next) {
        phase = next;
        notifyAll();
    }

    /** Stops the workers after the cycle each is in, and returns once all of them wait (or have ended). */
    synchronized void pause() throws InterruptedException {
        phase = Phase.PAUSED;
        long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
        while (parked + ended < workers.size()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("a worker did not finish its cycle within " + DRAIN_LIMIT
                        + " of a pause: an implementation is stuck");
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Called by a worker that saw the pause: waits until the controller resumes or ends the run. */
    private synchronized void park() throws InterruptedException {
        parked++;
        notifyAll();
        try {
            while (phase == Phase.PAUSED) {
                wait();
            }
        } finally {
            parked--;
        }
    }

    private synchronized void ended() {
        ended++;
        notifyAll();
    }

    void endWindow() {
        resume(Phase.DONE);
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

    /**
     * The workers' numbers, after {@link #join()} or during a pause, with what the measured windows cost and the idle
     * checks before them.
     */
    Measurement measurement(Usage usage, List<Quiet.Outcome> settles) {
        return new Measurement(measuredCycles(), cyclesRun(), usage.seconds(), histogram(), usage.commands(),
                usage.serverCpuNanos(), usage.clientCpuNanos(), errors(), firstError(), fewestMeasured(),
                usage.clientWakeUps(), usage.serverWakeUps(), settles);
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
                Phase now;
                while ((now = run.phase) != Phase.DONE && errors < MAX_ERRORS_PER_WORKER) {
                    if (now == Phase.PAUSED) {
                        run.park();
                    } else {
                        cycle(now);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                run.ended();
            }
        }

        private void cycle(Phase started) throws InterruptedException {
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
            Phase now = run.phase;
            if (now == Phase.MEASURE || now == Phase.PAUSED && started == Phase.MEASURE) {
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
