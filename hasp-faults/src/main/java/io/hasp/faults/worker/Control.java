package io.hasp.faults.worker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the runner asks of a worker through its standard input: a {@code slow} line arms one slow critical section;
 * end of input (the runner closed it, or died) asks the worker to stop. Thread-safe: a daemon thread reads the input
 * and sets flags that worker threads read.
 */
final class Control {
    private final AtomicBoolean slowArmed = new AtomicBoolean();
    private volatile boolean stopRequested;

    private Control() {
    }

    static Control watch(InputStream in) {
        Control control = new Control();
        Thread reader = new Thread(() -> control.follow(in), "control");
        reader.setDaemon(true);
        reader.start();
        return control;
    }

    boolean stopRequested() {
        return stopRequested;
    }

    /** True once per {@code slow} line: the caller's critical section is the slow one. */
    boolean takeSlowSection() {
        return slowArmed.compareAndSet(true, false);
    }

    private void follow(InputStream in) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.equals("slow")) {
                    slowArmed.set(true);
                }
            }
        } catch (IOException e) {
            // a broken pipe means the runner is gone: stop as well
        }
        stopRequested = true;
    }
}
