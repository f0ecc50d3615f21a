package io.hasp.cli;

import io.hasp.demo.LoadDriver;
import java.io.PrintWriter;

/**
 * Shows how far a load run is. On a terminal a bar redrawn in place; otherwise (a log, a test) one dot per tenth,
 * so the output stays readable. Thread-safe: the driver's threads report under this object's monitor.
 */
final class ProgressBar implements LoadDriver.Progress {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter out;
    private final String label;
    private final boolean terminal;
    private long lastDraw;
    private int tenthsShown;

    ProgressBar(PrintWriter out, String label, boolean terminal) {
        this.out = out;
        this.label = label;
        this.terminal = terminal;
        out.print(label);
        out.flush();
    }

    @Override
    public synchronized void completed(int done, int total) {
        if (terminal) {
            long now = System.nanoTime();
            if (done == total || now - lastDraw > REDRAW_NANOS) {
                lastDraw = now;
                int filled = (int) ((long) done * WIDTH / total);
                out.print("\r\033[K" + label + "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + done + "/"
                        + total);
                out.flush();
            }
        } else {
            int tenths = (int) ((long) done * 10 / total);
            if (tenths > tenthsShown) {
                out.print(".".repeat(tenths - tenthsShown));
                tenthsShown = tenths;
                out.flush();
            }
        }
    }

    /** Ends the progress line. */
    synchronized void finish(String summary) {
        out.println(terminal ? "\r\033[K" + label + summary : " " + summary);
        out.flush();
    }
}
