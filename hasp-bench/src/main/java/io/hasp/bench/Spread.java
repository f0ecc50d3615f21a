package io.hasp.bench;

import java.util.List;

/**
 * The repetitions of one measurement: their mean and how far apart they lie. Immutable.
 *
 * @param mean the arithmetic mean
 * @param min the smallest repetition
 * @param max the largest repetition
 * @param count how many repetitions
 */
record Spread(double mean, double min, double max, int count) {

    static Spread of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a spread needs at least one value");
        }
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double value : values) {
            sum += value;
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        return new Spread(sum / values.size(), min, max, values.size());
    }

    /** {@code (max - min) / mean} in percent: 0 for one repetition or identical ones; NaN when the mean is 0. */
    double percent() {
        if (mean == 0) {
            return max == min ? 0 : Double.NaN;
        }
        return (max - min) / mean * 100;
    }
}
