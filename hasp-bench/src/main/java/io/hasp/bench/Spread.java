package io.hasp.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The repetitions of one measurement: their median (the headline number, which one disturbed repetition cannot
 * move much) and how far apart they lie. Immutable.
 *
 * @param median the middle repetition, or the mean of the two middle ones
 * @param min the smallest repetition
 * @param max the largest repetition
 * @param count how many repetitions
 */
record Spread(double median, double min, double max, int count) {

    static Spread of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a spread needs at least one value");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Spread(median, sorted.get(0), sorted.get(n - 1), n);
    }

    /** {@code (max - min) / median} in percent: 0 for one repetition or identical ones; NaN when the median is 0. */
    double percent() {
        if (median == 0) {
            return max == min ? 0 : Double.NaN;
        }
        return (max - min) / Math.abs(median) * 100;
    }
}
