package io.hasp.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * How often the threads of a process went to sleep to wait: the voluntary context switches of all its threads, from
 * Linux's {@code /proc}. Per cycle they count the thread hand-offs a cycle costs (a caller parking on its reply, an
 * I/O thread waiting on its socket, Redis waiting for the next command). They move far less with the machine's load
 * than latency does (a busy thread sometimes finds its next piece of work before it sleeps, so load lowers them a
 * little), which makes them fit to compare implementations in one run on a busy host. A thread that ends between
 * two readings takes its count with it; the bench reads around windows in which its clients' threads live
 * throughout.
 * Unknown ({@link #UNKNOWN}) off Linux or for a process this user cannot read. Stateless; thread-safe.
 */
final class WakeUps {
    /** What a reading is when it cannot be taken. */
    static final long UNKNOWN = -1;
    private static final String FIELD = "voluntary_ctxt_switches:";

    private WakeUps() {
    }

    /** This JVM's count so far, or {@link #UNKNOWN}. */
    static long ofThisProcess() {
        return ofProcess(ProcessHandle.current().pid());
    }

    /** The count so far of process {@code pid}, summed over its threads, or {@link #UNKNOWN}. */
    static long ofProcess(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return UNKNOWN;
        }
        long total = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path thread : threads) {
                total += ofThread(thread);
            }
        } catch (IOException e) {
            return UNKNOWN;
        }
        return total;
    }

    /** {@code later - earlier}, or {@link #UNKNOWN} if either reading is unknown. */
    static long between(long earlier, long later) {
        return earlier == UNKNOWN || later == UNKNOWN ? UNKNOWN : later - earlier;
    }

    /** {@code a + b}, or {@link #UNKNOWN} if either is unknown. */
    static long sum(long a, long b) {
        return a == UNKNOWN || b == UNKNOWN ? UNKNOWN : a + b;
    }

    /** The count in the text of a {@code /proc/.../status} file; {@link #UNKNOWN} if it has none. */
    static long parseStatus(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith(FIELD)) {
                return Long.parseLong(line.substring(FIELD.length()).trim());
            }
        }
        return UNKNOWN;
    }

    private static long ofThread(Path thread) throws IOException {
        String status;
        try {
            status = Files.readString(thread.resolve("status"));
        } catch (NoSuchFileException ended) {
            return 0; // the thread ended after the listing
        }
        long count = parseStatus(status);
        if (count == UNKNOWN) {
            throw new IOException("no " + FIELD + " in " + thread.resolve("status"));
        }
        return count;
    }
}
