package dev.specter.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs the benchmarks and prints one table: scenario, figure, value, target, verdict. Usage:
 * {@code bench/run [--smoke] [--scale DOMAINSxVMS_PER_DOMAIN] [reaction|sensor|efficiency|api|startup|engine|retention|faults ...]};
 * with no scenario all run; {@code --scale} runs the reaction scenario at that one scale. {@code --smoke} uses small sizes (CI runs it to keep the bench code working; its timings
 * mean nothing). A full run exits 2 when a target is missed.
 */
public final class Bench {
    static final Set<String> SCENARIOS = Set.of("reaction", "sensor", "efficiency", "api", "startup", "engine",
            "retention", "faults");

    /** A scale of the reaction and steady-state scenario. */
    record Scale(int domains, int vmsPerDomain) {
    }

    static final List<Scale> FULL_SCALES = List.of(new Scale(1_000, 10), new Scale(10_000, 1), new Scale(10_000, 10));

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        List<Row> rows = run(List.of(args));
        print(rows);
        boolean smoke = List.of(args).contains("--smoke");
        if (!smoke && rows.stream().anyMatch(r -> r.verdict().equals("FAIL"))) {
            System.exit(2);
        }
    }

    static List<Row> run(List<String> args) throws Exception {
        boolean smoke = args.contains("--smoke");
        List<Scale> scales = FULL_SCALES;
        List<String> wanted = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--scale") && i + 1 < args.size()) {
                String[] dv = args.get(++i).split("x");
                scales = List.of(new Scale(Integer.parseInt(dv[0]), Integer.parseInt(dv[1])));
            } else if (!a.startsWith("--")) {
                wanted.add(a);
            }
        }
        for (String w : wanted) {
            if (!SCENARIOS.contains(w)) {
                throw new IllegalArgumentException("unknown scenario '" + w + "'; known: " + SCENARIOS);
            }
        }
        List<Row> rows = new ArrayList<>();
        if (wanted.isEmpty() || wanted.contains("reaction")) {
            if (smoke) {
                rows.addAll(new ReactionBench(20, 2, 20, 50, 2).run());
            } else {
                for (Scale s : scales) {
                    rows.addAll(new ReactionBench(s.domains(), s.vmsPerDomain(), 1000, 50, 60).run());
                }
            }
        }
        if (wanted.isEmpty() || wanted.contains("sensor")) {
            rows.addAll(smoke ? new SensorBench(50, 3).run() : new SensorBench(10_000, 60).run());
        }
        if (wanted.isEmpty() || wanted.contains("efficiency")) {
            rows.addAll(new EfficiencyBench().run());
        }
        if (wanted.isEmpty() || wanted.contains("api")) {
            rows.addAll(smoke ? new ApiThroughputBench(1, 4).run() : new ApiThroughputBench(15, 32).run());
        }
        if (wanted.isEmpty() || wanted.contains("startup")) {
            rows.addAll(new StartupBench(smoke ? 1 : 5).run());
        }
        if (wanted.isEmpty() || wanted.contains("engine")) {
            rows.addAll(EngineBench.run(smoke));
        }
        if (wanted.isEmpty() || wanted.contains("retention")) {
            rows.addAll(smoke ? new RetentionBench(10, 3_000, 100, 10).run()
                    : new RetentionBench(100, 1_000_000, 10_000, 20).run());
        }
        if (wanted.isEmpty() || wanted.contains("faults")) {
            rows.addAll(smoke ? new FaultBench(10, Duration.ofMillis(200)).run()
                    : new FaultBench(100, Duration.ofSeconds(5)).run());
        }
        return rows;
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
