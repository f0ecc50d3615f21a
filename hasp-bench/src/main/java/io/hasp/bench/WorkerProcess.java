package io.hasp.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running {@link JvmWorker}, started from this JVM's own java binary and class path. Its output lines are
 * read by a daemon thread into a queue so the parent can wait with a time limit. Used by the scenario thread only.
 */
final class WorkerProcess implements AutoCloseable {
    private static final String END_OF_OUTPUT = "\u0000eof";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private WorkerProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::readLines, "bench-worker-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    static WorkerProcess start(List<String> workerArgs) {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp", System.getProperty("java.class.path"),
                JvmWorker.class.getName()));
        command.addAll(workerArgs);
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            return new WorkerProcess(process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a worker JVM", e);
        }
    }

    private void readLines() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the process ended or was destroyed; the waiting side reports what it missed
        }
        lines.add(END_OF_OUTPUT);
    }

    /** Sends one command line to the worker. */
    void send(String command) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("worker JVM " + process.pid() + " does not take commands", e);
        }
    }

    /** The next line the worker prints, failing on its {@code FAILED} line, its exit, or the time limit. */
    String next(Duration limit) throws InterruptedException {
        String line = lines.poll(limit.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new IllegalStateException("worker JVM " + process.pid() + " said nothing within " + limit);
        }
        if (line.equals(END_OF_OUTPUT)) {
            throw new IllegalStateException("worker JVM " + process.pid() + " ended early");
        }
        if (line.startsWith(JvmWorker.FAILED)) {
            throw new IllegalStateException("worker JVM " + process.pid() + " failed: "
                    + line.substring(JvmWorker.FAILED.length()));
        }
        return line;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
