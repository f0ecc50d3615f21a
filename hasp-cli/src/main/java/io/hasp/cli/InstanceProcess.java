package io.hasp.cli;

import io.hasp.demo.CounterServiceMain;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One counter service instance in its own JVM, started from this JVM's class path, its output in a log file. It
 * listens on a port of its own choosing ({@code --port 0}) and prints it, so no port can be taken in between.
 *
 * <p>Thread-safe for {@link #stop()}, which the demo's shutdown hook may call while the main thread does too.
 */
final class InstanceProcess {
    private static final Pattern PORT = Pattern.compile(Pattern.quote(CounterServiceMain.LISTENING) + "(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final long POLL_MILLIS = 20;

    private final String name;
    private final Process process;
    private final Path log;
    private volatile URI uri;

    private InstanceProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** The variable that hands the Redis URI over: unlike an argument, no process listing shows its password. */
    static final String REDIS_VARIABLE = "REDIS_URL";

    /** Launches the instance on the Redis at {@code redisUri}; {@link #awaitReady} waits until it serves. */
    static InstanceProcess launch(String name, List<String> serviceArgs, String redisUri, Path logDir)
            throws IOException {
        Path log = logDir.resolve("instance-" + name + ".log");
        List<String> command = new ArrayList<>(List.of(JavaProcesses.javaBinary(), "-Xmx256m", "-XX:+UseSerialGC",
                "-cp", JavaProcesses.classPath(), CounterServiceMain.class.getName(), "--port", "0",
                "--instance", name));
        command.addAll(serviceArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put(REDIS_VARIABLE, redisUri);
        Process process = builder.start();
        return new InstanceProcess(name, process, log);
    }

    String name() {
        return name;
    }

    URI uri() {
        return uri;
    }

    Path log() {
        return log;
    }

    /** Waits until the instance printed its port and answers {@code /health} with 200. */
    void awaitReady(HttpClient http) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (uri == null) {
            checkAlive();
            Matcher m = PORT.matcher(readLog());
            if (m.find()) {
                uri = URI.create("http://127.0.0.1:" + m.group(1));
            } else {
                pauseUntil(deadline);
            }
        }
        HttpRequest health = HttpRequest.newBuilder(uri.resolve("/health")).timeout(Duration.ofSeconds(5)).build();
        while (true) {
            checkAlive();
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not serving yet: try again until the deadline
            }
            pauseUntil(deadline);
        }
    }

    private void checkAlive() {
        if (!process.isAlive()) {
            throw new CliException("instance " + name + " exited with code " + process.exitValue() + ": "
                    + lastLine(readLog()) + " (log: " + log + ")");
        }
    }

    private void pauseUntil(long deadline) throws InterruptedException {
        if (System.nanoTime() > deadline) {
            throw new CliException("instance " + name + " did not become healthy within " + START_TIMEOUT.toSeconds()
                    + " s (log: " + log + ")");
        }
        TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
    }

    private String readLog() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines.length == 0 || lines[lines.length - 1].isBlank() ? "(no output)" : lines[lines.length - 1];
    }

    /** SIGTERM, so the instance releases its leases; SIGKILL if it has not exited after a while. */
    void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
