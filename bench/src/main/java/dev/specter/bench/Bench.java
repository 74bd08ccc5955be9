package dev.specter.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the benchmarks and prints one table: scenario, figure, value, target, verdict. Usage:
 * {@code bench/run [--smoke] [scenario...]}; with no scenario all run. {@code --smoke} uses small
 * sizes (the CI runs it to keep the bench code working; its timings mean nothing).
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        boolean smoke = List.of(args).contains("--smoke");
        List<String> wanted = List.of(args).stream().filter(a -> !a.startsWith("--")).toList();
        List<Row> rows = new ArrayList<>();
        if (wanted.isEmpty() || wanted.contains("reaction")) {
            rows.addAll(smoke ? new ReactionBench(10, 50, 50).run() : new ReactionBench(100, 1000, 50).run());
        }
        print(rows);
        if (rows.stream().anyMatch(r -> r.verdict().equals("FAIL")) && !smoke) {
            System.exit(2);
        }
    }

    static void print(List<Row> rows) {
        int a = "scenario".length();
        int b = "figure".length();
        int c = "value".length();
        int d = "target".length();
        for (Row r : rows) {
            a = Math.max(a, r.scenario().length());
            b = Math.max(b, r.figure().length());
            c = Math.max(c, r.value().length());
            d = Math.max(d, r.target().length());
        }
        String fmt = "| %-" + a + "s | %-" + b + "s | %" + c + "s | %-" + d + "s | %-7s |%n";
        System.out.printf(fmt, "scenario", "figure", "value", "target", "verdict");
        System.out.printf("|%s|%s|%s|%s|%s|%n", "-".repeat(a + 2), "-".repeat(b + 2), "-".repeat(c + 2),
                "-".repeat(d + 2), "-".repeat(9));
        for (Row r : rows) {
            System.out.printf(fmt, r.scenario(), r.figure(), r.value(), r.target(), r.verdict());
        }
    }
}
