package io.hasp.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The main class of a worker JVM in S3J: one client of one implementation with a few waiter threads on the hot key,
 * driven by its parent over standard input ({@code GO}, {@code MEASURE}, {@code STOP}) and answering on standard
 * output ({@code READY}, then one {@link WorkerReport} line, or {@code FAILED reason}). Logs go to standard error.
 *
 * <p>Arguments: {@code IMPL REDIS_URI KEY THREADS SHARED_FILE}. Not instantiable; {@link #main} runs once per JVM.
 */
public final class JvmWorker {
    static final String READY = "READY";
    static final String FAILED = "FAILED ";

    private JvmWorker() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try {
            out.println(run(args, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), out)
                    .encode());
            System.exit(0);
        } catch (InterruptedException e) {
            out.println(FAILED + "interrupted");
            System.exit(1);
        } catch (IOException | RuntimeException e) {
            out.println(FAILED + e.toString().replace('\n', ' '));
            System.exit(1);
        }
    }

    private static WorkerReport run(String[] args, BufferedReader in, PrintStream out)
            throws IOException, InterruptedException {
        if (args.length != 5) {
            throw new IllegalArgumentException("expected IMPL REDIS_URI KEY THREADS SHARED_FILE");
        }
        LockImpl impl = Implementations.mutex(args[0], RedisTarget.parse(args[1]));
        String key = args[2];
        int threads = Integer.parseInt(args[3]);
        LongAdder sections = new LongAdder();
        try (LockClient client = impl.newClient();
                SharedExclusionCheck shared = SharedExclusionCheck.map(Path.of(args[4]))) {
            CriticalSection section = () -> {
                shared.run();
                sections.increment();
            };
            List<PhasedRun.Assignment> assignments = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                assignments.add(new PhasedRun.Assignment(client, key));
            }
            // One cycle of its own first: READY then means connected, with the lock path loaded, not just started.
            client.lock(key + ":ready").unlock();
            out.println(READY);
            expect(in, "GO");
            PhasedRun run = PhasedRun.start(assignments, section, PhasedRun.Timed.WAIT);
            expect(in, "MEASURE");
            long cpuBefore = RedisProbe.processCpuNanos();
            run.beginWindow();
            expect(in, "STOP");
            run.endWindow();
            long cpuAfter = RedisProbe.processCpuNanos();
            run.join();
            String error = run.firstError();
            return new WorkerReport(run.measuredCycles(), sections.sum(), run.errors(), run.fewestMeasured(),
                    cpuAfter - cpuBefore, run.histogram(), error == null ? "" : error);
        }
    }

    private static void expect(BufferedReader in, String command) throws IOException {
        String line = in.readLine();
        if (!command.equals(line)) {
            throw new IllegalStateException("expected " + command + " from the parent, got " + line);
        }
    }
}
