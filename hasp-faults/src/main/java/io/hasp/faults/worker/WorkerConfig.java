package io.hasp.faults.worker;

import io.hasp.faults.Args;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What one worker process does, passed from the runner as command-line options ({@link #toArgs()} and
 * {@link #parse(String[])} are inverses). Immutable.
 *
 * @param worker the worker's name, e.g. {@code w2}; it keeps its name (and its fault proxy) across restarts
 * @param incarnation 1 for the first process of this worker, 2 after its first restart, ...
 * @param variant the lock variant's name
 * @param lockUris the lock Redis URIs (through this worker's fault proxies), one per node
 * @param resourceUri the resource Redis URI (direct, never faulted)
 * @param lockName the lock's name; the resource key is derived from it
 * @param threads how many threads contend for the lock
 * @param leaseMillis the lease time: the watchdog lease for even threads, the fixed lease for odd threads
 * @param waitMillis how long each acquire may wait
 * @param commandTimeoutMillis how long one Redis command may take
 * @param maxPauseMillis the longest pause between the read and the write of a critical section (at least 1 ms)
 * @param history the history file
 * @param broken a deliberate bug, or {@link BrokenMode#NONE}
 * @param seed seeds the pauses
 */
public record WorkerConfig(String worker, int incarnation, String variant, List<String> lockUris, String resourceUri,
        String lockName, int threads, long leaseMillis, long waitMillis, long commandTimeoutMillis,
        long maxPauseMillis, Path history, BrokenMode broken, long seed) {

    private static final Set<String> OPTIONS = Set.of("worker", "incarnation", "variant", "lock-uris",
            "resource-uri", "lock", "threads", "lease-ms", "wait-ms", "command-timeout-ms", "max-pause-ms",
            "history", "broken", "seed");

    /** Between lock URIs in one argument: not a comma, which a Sentinel URI holds itself. */
    private static final String URI_SEPARATOR = " ";

    public WorkerConfig {
        lockUris = List.copyOf(lockUris);
    }

    /** The process's name in histories: worker and incarnation, e.g. {@code w2.1}. */
    public String process() {
        return worker + "." + incarnation;
    }

    public String[] toArgs() {
        List<String> args = new ArrayList<>(List.of("--worker", worker, "--incarnation", Integer.toString(incarnation),
                "--variant", variant, "--lock-uris", String.join(URI_SEPARATOR, lockUris), "--resource-uri", resourceUri,
                "--lock", lockName, "--threads", Integer.toString(threads), "--lease-ms", Long.toString(leaseMillis),
                "--wait-ms", Long.toString(waitMillis), "--command-timeout-ms", Long.toString(commandTimeoutMillis),
                "--max-pause-ms", Long.toString(maxPauseMillis), "--history", history.toString(),
                "--broken", broken.label(), "--seed", Long.toString(seed)));
        return args.toArray(String[]::new);
    }

    public static WorkerConfig parse(String[] argv) {
        Args args = Args.parse(argv, OPTIONS);
        return new WorkerConfig(args.required("worker"), (int) args.number("incarnation", 1),
                args.required("variant"), Arrays.asList(args.required("lock-uris").split(URI_SEPARATOR)),
                args.required("resource-uri"), args.required("lock"), (int) args.number("threads", 3),
                args.number("lease-ms", 1_000), args.number("wait-ms", 1_500),
                args.number("command-timeout-ms", 500), Math.max(1, args.number("max-pause-ms", 8)),
                Path.of(args.required("history")), BrokenMode.parse(args.string("broken", "none")),
                args.number("seed", 1));
    }
}
