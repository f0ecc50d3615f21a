package io.hasp.bench;

/** How one number compares with another, the way the tables and targets state it. */
final class Ratios {
    private Ratios() {
    }

    /** {@code value / reference}; NaN when either is missing (NaN) or the reference is not positive. */
    static double ratio(double value, double reference) {
        if (Double.isNaN(value) || Double.isNaN(reference) || reference <= 0) {
            return Double.NaN;
        }
        return value / reference;
    }

    /** Whether {@code ratio} reaches {@code target}; a missing ratio never does. */
    static boolean meets(double ratio, double target) {
        return !Double.isNaN(ratio) && ratio >= target;
    }
}
