package dev.specter.cloud.sim;

import dev.specter.settings.ConfigException;
import dev.specter.settings.Durations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load a simulated VM runs, read from its user data as if the VM ran it: a line
 * {@code specter-sim-load: [domain] <shape>} anywhere in the user data (a {@code #} before it is
 * fine, so it sits in a cloud-init file as a comment). Shapes, times written as every duration in
 * the configuration is ({@link Durations}: {@code 500ms}, {@code 30s}, {@code 2m}, plain seconds):
 * <ul>
 *   <li>{@code constant 0.5}</li>
 *   <li>{@code ramp 0.2 2.0 120s}: from 0.2 to 2.0 over 120 s, then 2.0</li>
 *   <li>{@code square 0.1 2.0 60s}: 0.1 for the first half of every 60 s, 2.0 for the second</li>
 *   <li>{@code steps 0s=0.2 60s=3 3m=0.1}: each value from its time on</li>
 * </ul>
 * Time runs from the VM's boot; with {@code domain}, the value is the whole domain's load, timed
 * from the domain's first VM and split evenly across its running VMs, so adding VMs lowers each
 * one's load as it would for a shared queue of work.
 */
public record SimLoad(boolean domainWide, Shape shape) {
    /** A VM that runs nothing in particular: a small idle load. */
    public static final SimLoad IDLE = new SimLoad(false, new Constant(0.05));
    private static final Pattern LINE = Pattern.compile("specter-sim-load:\\s*([^\\r\\n]*)");

    public sealed interface Shape permits Constant, Ramp, Square, Steps {
        double at(Duration t);
    }

    public record Constant(double value) implements Shape {
        public double at(Duration t) {
            return value;
        }
    }

    public record Ramp(double from, double to, Duration over) implements Shape {
        public double at(Duration t) {
            if (over.isZero() || t.compareTo(over) >= 0) {
                return to;
            }
            return from + (to - from) * t.toMillis() / over.toMillis();
        }
    }

    public record Square(double low, double high, Duration period) implements Shape {
        public double at(Duration t) {
            long p = Math.max(1, period.toMillis());
            return Math.floorMod(t.toMillis(), p) < p / 2 ? low : high;
        }
    }

    public record Steps(List<Duration> times, List<Double> values) implements Shape {
        public double at(Duration t) {
            double v = values.getFirst();
            for (int i = 0; i < times.size() && t.compareTo(times.get(i)) >= 0; i++) {
                v = values.get(i);
            }
            return v;
        }
    }

    /** The load of one VM {@code t} after its start, with {@code runningVms} of its domain running. */
    public double value(Duration t, int runningVms) {
        double v = shape.at(t.isNegative() ? Duration.ZERO : t);
        return domainWide ? v / Math.max(1, runningVms) : v;
    }

    /** The load line of {@code userData}, or {@link #IDLE} when there is none. */
    public static SimLoad of(String userData) {
        if (userData == null) {
            return IDLE;
        }
        Matcher m = LINE.matcher(userData);
        return m.find() ? parse(m.group(1).trim()) : IDLE;
    }

    /** @throws IllegalArgumentException naming what is wrong with the description */
    public static SimLoad parse(String text) {
        List<String> words = new ArrayList<>(List.of(text.trim().toLowerCase(Locale.ROOT).split("\\s+")));
        boolean domain = !words.isEmpty() && words.getFirst().equals("domain");
        if (domain) {
            words.removeFirst();
        }
        if (words.isEmpty() || words.getFirst().isEmpty()) {
            throw new IllegalArgumentException("specter-sim-load: no shape given (constant, ramp, square, steps)");
        }
        String shape = words.removeFirst();
        Shape s = switch (shape) {
            case "constant" -> {
                expect(words, 1, "constant VALUE");
                yield new Constant(number(words.get(0)));
            }
            case "ramp" -> {
                expect(words, 3, "ramp FROM TO OVER");
                yield new Ramp(number(words.get(0)), number(words.get(1)), duration(words.get(2)));
            }
            case "square" -> {
                expect(words, 3, "square LOW HIGH PERIOD");
                yield new Square(number(words.get(0)), number(words.get(1)), duration(words.get(2)));
            }
            case "steps" -> {
                if (words.isEmpty()) {
                    throw new IllegalArgumentException("specter-sim-load: steps needs TIME=VALUE pairs");
                }
                List<Duration> times = new ArrayList<>();
                List<Double> values = new ArrayList<>();
                for (String w : words) {
                    String[] tv = w.split("=", 2);
                    if (tv.length != 2) {
                        throw new IllegalArgumentException("specter-sim-load: '" + w + "' is not TIME=VALUE");
                    }
                    Duration t = duration(tv[0]);
                    if (!times.isEmpty() && t.compareTo(times.getLast()) <= 0) {
                        throw new IllegalArgumentException("specter-sim-load: step times must increase");
                    }
                    times.add(t);
                    values.add(number(tv[1]));
                }
                yield new Steps(List.copyOf(times), List.copyOf(values));
            }
            default -> throw new IllegalArgumentException("specter-sim-load: unknown shape '" + shape
                    + "' (constant, ramp, square, steps)");
        };
        return new SimLoad(domain, s);
    }

    private static void expect(List<String> words, int n, String form) {
        if (words.size() != n) {
            throw new IllegalArgumentException("specter-sim-load: expected '" + form + "'");
        }
    }

    private static double number(String s) {
        try {
            double v = Double.parseDouble(s);
            if (!Double.isFinite(v) || v < 0) {
                throw new IllegalArgumentException("specter-sim-load: '" + s + "' is not a load (a number >= 0)");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("specter-sim-load: '" + s + "' is not a number");
        }
    }

    static Duration duration(String s) {
        try {
            return Durations.parse(s);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("specter-sim-load: time " + e.problem());
        }
    }
}
