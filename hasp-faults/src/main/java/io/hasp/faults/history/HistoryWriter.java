package io.hasp.faults.history;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Appends events to one history file, one line per event, each handed to the operating system as soon as it is
 * logged: nothing is buffered in the JVM, so the history of a worker killed with SIGKILL survives up to its last
 * whole line (the kernel keeps what was written; a crash of the host is out of scope).
 *
 * <p>Thread-safe: each line is written under this object's monitor, held only for that one write.
 */
public final class HistoryWriter implements AutoCloseable {
    private final FileOutputStream out;

    private HistoryWriter(FileOutputStream out) {
        this.out = out;
    }

    /** Creates (or appends to) the file and writes the header if the file is new. */
    public static HistoryWriter open(Path file) {
        try {
            boolean fresh = !file.toFile().exists() || file.toFile().length() == 0;
            HistoryWriter writer = new HistoryWriter(new FileOutputStream(file.toFile(), true));
            if (fresh) {
                writer.writeLine(EventFormat.HEADER);
            }
            return writer;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open history file " + file, e);
        }
    }

    /** Appends the event. */
    public void log(Event event) {
        writeLine(EventFormat.format(event));
    }

    private synchronized void writeLine(String line) {
        try {
            out.write((line + '\n').getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append to a history file", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close a history file", e);
        }
    }
}
