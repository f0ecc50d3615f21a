package io.hasp.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Launches redis-server processes, waits for them to answer, and signals them. Stateless and thread-safe. */
final class ServerProcesses {
    private static final int TEXT_FILE_BUSY_RETRIES = 5;
    private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();
    private static final Duration PING_TIMEOUT = Duration.ofMillis(500);

    private ServerProcesses() {}

    /** Why a server did not come up; {@code addressInUse} tells the caller another port may work. */
    static final class StartFailure extends TestkitException {
        private static final long serialVersionUID = 1L;
        final boolean addressInUse;

        StartFailure(String message, boolean addressInUse) {
            super(message);
            this.addressInUse = addressInUse;
        }
    }

    /**
     * Starts {@code command} in {@code dir} with stdout and stderr appended to {@code outFile}. A freshly extracted
     * binary can briefly fail with "Text file busy" while a concurrently forked child still holds the write handle, so
     * that one error is retried.
     */
    static Process launch(List<String> command, Path dir, Path outFile) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(outFile.toFile()));
        for (int attempt = 1; ; attempt++) {
            try {
                return builder.start();
            } catch (IOException e) {
                boolean busy = String.valueOf(e.getMessage()).contains("Text file busy");
                if (!busy || attempt >= TEXT_FILE_BUSY_RETRIES) {
                    throw new TestkitException("Could not start " + String.join(" ", command) + ": " + e.getMessage(), e);
                }
                Timing.pause(TimeUnit.MILLISECONDS.toNanos(50L * attempt));
            }
        }
    }

    /**
     * Waits until the server on {@code port} answers PING with PONG and reports our process id (so a foreign server
     * on the same port is not mistaken for ours).
     *
     * @throws StartFailure if the process exits or the timeout passes first; the message holds the log tail
     */
    static void awaitPong(Process process, int port, Duration timeout, Path logFile, Path outFile) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastProblem = "no attempt yet";
        while (true) {
            if (!process.isAlive()) {
                String logs = tail(logFile, 20) + tail(outFile, 20);
                throw new StartFailure("redis-server on port " + port + " exited with code " + process.exitValue()
                        + " before answering PING. Log tail:\n" + logs, logs.contains("Address already in use"));
            }
            try (RespClient client = RespClient.connect(RedisServer.HOST, port, PING_TIMEOUT)) {
                if ("PONG".equals(client.command("PING"))) {
                    // Another server may own the port (ours then exits with "Address already in use"): check it is ours.
                    String pid = RedisServer.infoField(client.commandString("INFO", "server"), "process_id");
                    if (pid.equals(Long.toString(process.pid()))) {
                        return;
                    }
                    lastProblem = "port " + port + " is answered by another redis-server, pid " + pid;
                }
            } catch (TestkitException e) {
                lastProblem = e.getMessage(); // refused while starting, or LOADING while it reads its AOF
            }
            if (System.nanoTime() - deadline > 0) {
                throw new StartFailure("redis-server on port " + port + " did not answer PING within " + timeout.toMillis()
                        + " ms (last: " + lastProblem + "). Log tail:\n" + tail(logFile, 20) + tail(outFile, 20), false);
            }
            Timing.pause(POLL_NANOS);
        }
    }

    /** Waits up to {@code timeout} for the process to exit; true if it did. */
    static boolean awaitExit(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestkitException("Interrupted while waiting for redis-server pid " + process.pid() + " to exit", e);
        }
    }

    /** Sends a signal by name ({@code "STOP"}, {@code "CONT"}) with the system's {@code kill} command. */
    static void signal(long pid, String signal) {
        Process kill;
        try {
            kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new TestkitException("Could not run kill -" + signal + " " + pid + ": " + e.getMessage(), e);
        }
        try {
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                kill.destroyForcibly();
                throw new TestkitException("kill -" + signal + " " + pid + " failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new TestkitException("Could not read the output of kill -" + signal + " " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestkitException("Interrupted while sending SIG" + signal + " to " + pid, e);
        }
    }

    /** The last {@code lines} lines of a text file, or an empty string if it does not exist. */
    static String tail(Path file, int lines) {
        if (file == null || !Files.isRegularFile(file)) {
            return "";
        }
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
            return last.isEmpty() ? "" : String.join("\n", last) + "\n";
        } catch (IOException e) {
            return "(could not read " + file + ": " + e.getMessage() + ")\n";
        }
    }
}
