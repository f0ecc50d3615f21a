package io.hasp.bench;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What one measured window of one implementation produced (or, in an interleaved run, its slices of one repetition
 * added up), wherever its workers ran (threads here or child JVMs).
 * Immutable by convention: the histogram is not changed after construction.
 *
 * @param cycles cycles (or sections) completed inside the window
 * @param cyclesRun cycles completed in all phases (warm-up, window, drain)
 * @param windowSeconds the window's length
 * @param histogram cycle latency or wait time of those cycles, in nanoseconds
 * @param commands Redis command calls during the window
 * @param serverCpuNanos Redis CPU time during the window
 * @param clientCpuNanos client CPU time during the window (this JVM, or the sum of the worker JVMs)
 * @param errors failed lock or unlock calls
 * @param firstError the first failure, or null
 * @param fewestPerWorker the fewest cycles any single worker completed in the window
 * @param clientWakeUps the client's {@link WakeUps} during the window, or {@link WakeUps#UNKNOWN}
 * @param serverWakeUps the Redis servers' {@link WakeUps} during the window, or {@link WakeUps#UNKNOWN}
 * @param settles the idle checks before each measured window or slice, in order (none where the bench makes none)
 */
record Measurement(long cycles, long cyclesRun, double windowSeconds, Histogram histogram,
        CommandStats commands, long serverCpuNanos, long clientCpuNanos, long errors, String firstError,
        long fewestPerWorker, long clientWakeUps, long serverWakeUps, List<Quiet.Outcome> settles) {
}
