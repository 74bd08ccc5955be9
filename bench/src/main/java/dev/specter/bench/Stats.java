package dev.specter.bench;

import java.util.Arrays;

/** Percentiles of a sample (nearest-rank). */
final class Stats {
    private final double[] sorted;

    Stats(double[] values) {
        this.sorted = values.clone();
        Arrays.sort(sorted);
    }

    double percentile(double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    double max() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    }
}
