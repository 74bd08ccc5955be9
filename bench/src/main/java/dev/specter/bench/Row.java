package dev.specter.bench;

/** One line of the results table: what was measured, the figure, the target and whether it is met. */
record Row(String scenario, String figure, String value, String target, String verdict) {
    static Row info(String scenario, String figure, String value) {
        return new Row(scenario, figure, value, "-", "info");
    }

    static Row check(String scenario, String figure, double value, String unit, String target, boolean pass) {
        return new Row(scenario, figure, format(value) + unit, target, pass ? "PASS" : "FAIL");
    }

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e12) {
            return Long.toString((long) v);
        }
        return Math.abs(v) >= 100 ? String.format("%.0f", v) : String.format("%.2f", v);
    }
}
