package io.hasp.faults.nemesis;

import io.hasp.faults.worker.FaultWorker;
import io.hasp.faults.worker.WorkerConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One worker JVM, started with the current {@code java} and class path. A reader thread follows its standard output
 * ({@code READY}, {@code HOLD ...}); its standard error goes to a file; its standard input carries control lines
 * ({@code slow}), and closing it asks the worker to stop.
 *
 * <p>Design note. The reader thread is the only writer of {@code ready} and {@code holds}; waiters block on this
 * object's monitor until the count they wait for moves or their deadline passes. Control lines are written under the
 * writer's own monitor, never while holding this object's, so the reader thread never waits behind a pipe write.
 * Signals and kills may come from any thread; the process handle is final. Thread-safe.
 */
public final class WorkerProcess {
    private static final List<String> JVM_OPTIONS = List.of("-Xmx96m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Xss512k");

    private final WorkerConfig config;
    private final Process process;
    private final Signals signals;
    private final Writer control;
    private boolean ready;
    private long holds;

    private WorkerProcess(WorkerConfig config, Process process, Signals signals) {
        this.config = config;
        this.process = process;
        this.signals = signals;
        this.control = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Starts the worker; its standard error is appended to {@code stderrFile}. */
    public static WorkerProcess start(WorkerConfig config, Path stderrFile, Signals signals) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(FaultWorker.class.getName());
        command.addAll(List.of(config.toArgs()));
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(stderrFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start worker " + config.process(), e);
        }
        WorkerProcess worker = new WorkerProcess(config, process, signals);
        Thread reader = new Thread(worker::follow, "follow-" + config.process());
        reader.setDaemon(true);
        reader.start();
        return worker;
    }

    public WorkerConfig config() {
        return config;
    }

    /** The name in histories, e.g. {@code w2.1}. */
    public String name() {
        return config.process();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until the worker has connected; false if it did not within {@code timeout} or died. */
    public synchronized boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready && process.isAlive()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return ready;
    }

    /**
     * Asks the worker to make its next critical section slow, so that the {@code HOLD} line it prints is followed by
     * a long enough pause for a signal to land inside the section. Then waits for that line.
     *
     * @return false if no thread of the worker got to read within {@code timeout}
     */
    public boolean awaitSlowHold(Duration timeout) throws InterruptedException {
        long seen = holds();
        try {
            synchronized (control) {
                control.write("slow\n");
                control.flush();
            }
        } catch (IOException e) {
            return false;
        }
        return awaitHoldAfter(seen, timeout);
    }

    /**
     * Waits for the next {@code HOLD} line printed after this call: some thread of the worker has just read inside
     * its critical section. False if none came within {@code timeout}.
     */
    public boolean awaitHold(Duration timeout) throws InterruptedException {
        return awaitHoldAfter(holds(), timeout);
    }

    private synchronized boolean awaitHoldAfter(long seen, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (holds == seen && process.isAlive()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return holds != seen;
    }

    /** How many {@code HOLD} lines the worker has printed so far. */
    public synchronized long holds() {
        return holds;
    }

    /** SIGSTOP. */
    public boolean pause() {
        return signals.send("STOP", process.pid());
    }

    /** SIGCONT. */
    public boolean resume() {
        return signals.send("CONT", process.pid());
    }

    /** SIGKILL, and waits until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGKILL without waiting, for cleanup paths that must not block or be interrupted. */
    public void destroy() {
        process.destroyForcibly();
    }

    /**
     * Asks the worker to stop (closes its standard input) and waits up to {@code timeout}; kills it if it is still
     * running then. Returns true if it exited by itself.
     */
    public boolean stop(Duration timeout) throws InterruptedException {
        try {
            synchronized (control) {
                control.close();
            }
        } catch (IOException e) {
            // already gone
        }
        if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
        }
        resume();
        kill();
        return false;
    }

    private void follow() {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                synchronized (this) {
                    if (line.equals("READY")) {
                        ready = true;
                    } else if (line.startsWith("HOLD ")) {
                        holds++;
                    }
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        synchronized (this) {
            notifyAll();
        }
    }
}
