package io.hasp.bench;

import java.time.Duration;

/**
 * How long each measured phase lasts and how often it is repeated. Immutable.
 *
 * @param warmup unmeasured time before every measured window
 * @param window the measured window of one repetition
 * @param repetitions how often every implementation is measured, interleaved with the others
 */
record RunSettings(Duration warmup, Duration window, int repetitions) {
}
