package io.hasp.bench;

import java.time.Duration;

/**
 * How long each measured phase lasts and how often it is repeated. Immutable.
 *
 * @param warmup unmeasured time before every measured window
 * @param window the measured window of one repetition
 * @param repetitions how often every implementation is measured, interleaved with the others
 * @param slice the turn of one implementation where the scenario measures them in turns ({@link Interleaving}), or
 *     null to measure each in one window after the other
 */
record RunSettings(Duration warmup, Duration window, int repetitions, Duration slice) {
    /** Long enough for thousands of cycles, short enough that the machine's load hardly moves within one round. */
    static final Duration DEFAULT_SLICE = Duration.ofMillis(400);

    RunSettings(Duration warmup, Duration window, int repetitions) {
        this(warmup, window, repetitions, DEFAULT_SLICE);
    }

    /** Whether the scenarios that can measure in turns do. */
    boolean interleaved() {
        return slice != null;
    }
}
