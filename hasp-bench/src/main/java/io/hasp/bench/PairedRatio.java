package io.hasp.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One implementation's rate against the reference's when both ran in turns ({@link Interleaving}): a ratio per
 * round, from the two slices of that round, so that the machine's drift between rounds cancels; their median is the
 * headline, the quartiles say how far single rounds strayed. Quantiles are taken on the logarithms of the ratios (an
 * even count's median is the geometric mean of the middle two), so the comparison read the other way round is
 * exactly the reciprocal. A round in which either slice completed no cycle has no ratio. Immutable.
 *
 * @param median the middle ratio
 * @param lowerQuartile a quarter of the rounds lie below it
 * @param upperQuartile a quarter of the rounds lie above it
 * @param pairs how many rounds gave a ratio
 */
record PairedRatio(double median, double lowerQuartile, double upperQuartile, int pairs) {

    /** {@code rates[i] / referenceRates[i]} for every round {@code i} (the lists run in round order). */
    static PairedRatio of(List<Double> rates, List<Double> referenceRates) {
        if (rates.size() != referenceRates.size()) {
            throw new IllegalArgumentException("paired rates need one reference rate each, got " + rates.size()
                    + " and " + referenceRates.size());
        }
        List<Double> logs = new ArrayList<>();
        for (int i = 0; i < rates.size(); i++) {
            double ratio = Ratios.ratio(rates.get(i), referenceRates.get(i));
            if (ratio > 0) {
                logs.add(Math.log(ratio));
            }
        }
        if (logs.isEmpty()) {
            return new PairedRatio(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        Collections.sort(logs);
        return new PairedRatio(quantile(logs, 0.5), quantile(logs, 0.25), quantile(logs, 0.75), logs.size());
    }

    /** The interquartile range over the median, in percent: how much single rounds disagree. */
    double spreadPercent() {
        return (upperQuartile - lowerQuartile) / median * 100;
    }

    /** The {@code q} quantile of sorted logarithms, interpolated between neighbours, as a ratio. */
    private static double quantile(List<Double> sortedLogs, double q) {
        double position = (sortedLogs.size() - 1) * q;
        int below = (int) Math.floor(position);
        int above = (int) Math.ceil(position);
        double low = sortedLogs.get(below);
        return Math.exp(low + (position - below) * (sortedLogs.get(above) - low));
    }
}
