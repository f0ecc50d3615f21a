package io.hasp.faults.nemesis;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Sends POSIX signals (SIGSTOP, SIGCONT) to processes through one long-lived {@code sh}, whose built-in {@code kill}
 * acts within a fraction of a millisecond. Starting a {@code kill} process per signal takes milliseconds, which is
 * longer than the window between a worker's read and its write that the pause-holder nemesis aims for.
 *
 * <p>Thread-safe: one signal at a time, under this object's monitor.
 */
public final class Signals implements AutoCloseable {
    private final Process shell;
    private final BufferedWriter commands;
    private final BufferedReader replies;

    private Signals(Process shell) {
        this.shell = shell;
        this.commands = new BufferedWriter(new OutputStreamWriter(shell.getOutputStream(), StandardCharsets.UTF_8));
        this.replies = new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.UTF_8));
    }

    public static Signals start() {
        try {
            return new Signals(new ProcessBuilder("sh").redirectError(ProcessBuilder.Redirect.DISCARD).start());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start sh to send signals", e);
        }
    }

    /** Sends {@code signal} (e.g. {@code STOP}) to {@code pid}; returns whether the process existed to receive it. */
    public synchronized boolean send(String signal, long pid) {
        try {
            commands.write("kill -" + signal + " " + pid + " && echo sent || echo gone\n");
            commands.flush();
            String reply = replies.readLine();
            if (reply == null) {
                throw new IllegalStateException("the signal shell exited");
            }
            return reply.equals("sent");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot send SIG" + signal + " to " + pid, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            commands.close();
        } catch (IOException e) {
            // the shell is gone already
        }
        shell.destroy();
    }
}
