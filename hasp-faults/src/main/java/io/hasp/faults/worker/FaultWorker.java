package io.hasp.faults.worker;

import io.hasp.Backoff;
import io.hasp.Hasp;
import io.hasp.HaspException;
import io.hasp.LockOptions;
import io.hasp.faults.history.Event;
import io.hasp.faults.history.HistoryWriter;
import io.hasp.faults.history.Op;
import io.hasp.faults.history.Type;
import io.lettuce.core.RedisException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A workload worker: the main class of each separate worker JVM the runner starts. Arguments are those of
 * {@link WorkerConfig}. It connects, prints {@code READY}, runs {@link WorkerConfig#threads()} {@link WorkerLoop}s,
 * prints {@code HOLD <thread> <token>} whenever a thread has read inside its critical section, and reads control
 * lines from its standard input: {@code slow} makes the next critical section pause {@link #SLOW_SECTION} between
 * its read and its write (so a nemesis that freezes or kills the process on the {@code HOLD} line surely catches a
 * holder mid-section, even on a loaded machine where a signal takes milliseconds to land); end of file stops the
 * worker: every thread finishes its cycle, the history gets an exit event, and the process exits 0.
 *
 * <p>Even threads hold their leases with the watchdog (renewed every third of the lease time), odd threads with a
 * fixed lease time; both modes are checked. A program entry point; its state lives in the objects it wires up, each
 * documented for thread safety.
 */
public final class FaultWorker {
    private static final Logger LOG = LoggerFactory.getLogger(FaultWorker.class);
    private static final long CONNECT_RETRY_MILLIS = 200;
    /** How long an armed ("slow") critical section pauses between its read and its write. */
    static final Duration SLOW_SECTION = Duration.ofMillis(150);

    private FaultWorker() {
    }

    public static void main(String[] args) throws InterruptedException {
        WorkerConfig config = WorkerConfig.parse(args);
        HistoryWriter history = HistoryWriter.open(config.history());
        history.log(Event.of(config.process(), -1, Op.START, Type.OK)
                .detail(config.variant() + " broken=" + config.broken().label() + " pid=" + ProcessHandle.current().pid())
                .build());
        Control control = Control.watch(System.in);
        PrintStream out = System.out;

        LockVariant variant = LockVariants.named(config.variant());
        Duration commandTimeout = Duration.ofMillis(config.commandTimeoutMillis());
        Duration lease = Duration.ofMillis(config.leaseMillis());
        Backoff backoff = Backoff.exponential(Duration.ofMillis(5), Duration.ofMillis(50));
        LockOptions watchdog = LockOptions.builder().watchdog(lease).backoff(backoff).build();
        LockOptions fixed = LockOptions.builder().leaseTime(lease).backoff(backoff).build();
        Hasp hasp = connect(variant, config, commandTimeout, watchdog, control);
        if (hasp == null) {
            exit(history, config, "stopped before it could connect");
            return;
        }
        FencedResource resource = connectResource(config, commandTimeout, control);
        if (resource == null) {
            hasp.close();
            exit(history, config, "stopped before it could connect");
            return;
        }
        PlainDelRelease brokenRelease = config.broken() == BrokenMode.RELEASE_DEL
                ? new PlainDelRelease(config.lockUris(), config.lockName(), commandTimeout) : null;

        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < config.threads(); t++) {
            boolean useWatchdog = t % 2 == 0;
            Workload workload = variant.workload(hasp, config.lockName(), useWatchdog ? watchdog : fixed,
                    new Random(config.seed() * 17 + config.incarnation() * 1_000 + t));
            String leaseMode = useWatchdog || workload.alwaysRenewed() ? "watchdog" : "fixed";
            WorkerLoop loop = new WorkerLoop(t, workload, leaseMode, config, history,
                    resource, brokenRelease, control,
                    line -> announce(out, line));
            Thread thread = new Thread(loop, "worker-t" + t);
            threads.add(thread);
        }
        announce(out, "READY");
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        hasp.close();
        resource.close();
        if (brokenRelease != null) {
            brokenRelease.close();
        }
        exit(history, config, "");
    }

    /** Connects, retrying while the lock servers are unreachable (a restart may land during a fault). */
    private static Hasp connect(LockVariant variant, WorkerConfig config, Duration commandTimeout,
            LockOptions defaults, Control control) throws InterruptedException {
        while (!control.stopRequested()) {
            try {
                return variant.connect(config.lockUris(), commandTimeout, defaults);
            } catch (HaspException e) {
                LOG.warn("{}: connecting failed, retrying: {}", config.process(), e.getMessage());
                Thread.sleep(CONNECT_RETRY_MILLIS);
            }
        }
        return null;
    }

    /**
     * Connects to the resource's Redis, retrying as {@link #connect} does: on a loaded host the first connect can take
     * longer than the command timeout, which also bounds it.
     */
    private static FencedResource connectResource(WorkerConfig config, Duration commandTimeout, Control control)
            throws InterruptedException {
        while (!control.stopRequested()) {
            try {
                return FencedResource.connect(config.resourceUri(), config.lockName(), commandTimeout,
                        config.broken() != BrokenMode.NO_FENCE);
            } catch (RedisException e) {
                LOG.warn("{}: connecting to the resource failed, retrying: {}", config.process(), e.getMessage());
                Thread.sleep(CONNECT_RETRY_MILLIS);
            }
        }
        return null;
    }

    private static void exit(HistoryWriter history, WorkerConfig config, String detail) {
        history.log(Event.of(config.process(), -1, Op.EXIT, Type.OK).detail(detail).build());
        history.close();
        System.exit(0);
    }

    private static void announce(PrintStream out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
