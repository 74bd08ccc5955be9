package dev.specter.cloud.sim;

import dev.specter.site.SiteDefinition;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a simulated site behaves, from the site's {@code settings} in the configuration.
 *
 * @param bootTime             mean time from launch to RUNNING
 * @param bootJitter           boot times spread uniformly by this much either side
 * @param capacity             most live VMs the site holds (-1: unlimited); beyond it launches are refused for capacity
 * @param launchFailureRate    share of launch calls that fail outright (nothing launched)
 * @param launchLostReplyRate  share of launch calls that launch but whose reply is lost (the caller sees a transient error)
 * @param bootFailureRate      share of VMs that end FAILED instead of RUNNING
 * @param apiLatency           added to every call
 * @param maxCallsPerSecond    beyond this rate calls are throttled (0: never)
 * @param terminatedVisibility how long terminated VMs still appear in describes
 */
public record SimSettings(Duration bootTime, Duration bootJitter, int capacity, double launchFailureRate,
                          double launchLostReplyRate, double bootFailureRate, Duration apiLatency,
                          double maxCallsPerSecond, Duration terminatedVisibility, long seed) {
    public static final SimSettings DEFAULT = new SimSettings(Duration.ofSeconds(2), Duration.ofMillis(500), -1, 0,
            0, 0, Duration.ZERO, 0, Duration.ofSeconds(60), 0);
    static final Set<String> KEYS = Set.of("boot_time", "boot_jitter", "capacity", "launch_failure_rate",
            "launch_lost_reply_rate", "boot_failure_rate", "api_latency", "max_calls_per_second",
            "terminated_visibility", "seed");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

    /** Reads a site's settings; an unknown key or a bad value names the key. */
    public static SimSettings of(SiteDefinition site) {
        Map<String, String> s = site.settings();
        for (String k : s.keySet()) {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("config key 'sites." + site.name() + ".settings." + k
                        + "' is not a sim setting (known: " + KEYS + ")");
            }
        }
        String base = "sites." + site.name() + ".settings.";
        return new SimSettings(duration(s, base, "boot_time", DEFAULT.bootTime()),
                duration(s, base, "boot_jitter", DEFAULT.bootJitter()),
                (int) number(s, base, "capacity", -1, -1, 10_000_000),
                number(s, base, "launch_failure_rate", 0, 0, 1), number(s, base, "launch_lost_reply_rate", 0, 0, 1),
                number(s, base, "boot_failure_rate", 0, 0, 1), duration(s, base, "api_latency", Duration.ZERO),
                number(s, base, "max_calls_per_second", 0, 0, 1e6),
                duration(s, base, "terminated_visibility", DEFAULT.terminatedVisibility()),
                (long) number(s, base, "seed", 0, Long.MIN_VALUE, Long.MAX_VALUE));
    }

    private static Duration duration(Map<String, String> s, String base, String key, Duration fallback) {
        String v = s.get(key);
        if (v == null) {
            return fallback;
        }
        Matcher m = DURATION.matcher(v.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("config key '" + base + key + "' must be a duration like 2s or 500ms, got '"
                    + v + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }

    private static double number(Map<String, String> s, String base, String key, double fallback, double min,
                                 double max) {
        String v = s.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (!(d >= min && d <= max)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("config key '" + base + key + "' must be a number between " + min
                    + " and " + max + ", got '" + v + "'");
        }
    }

    public SimSettings withCapacity(int c) {
        return new SimSettings(bootTime, bootJitter, c, launchFailureRate, launchLostReplyRate, bootFailureRate,
                apiLatency, maxCallsPerSecond, terminatedVisibility, seed);
    }
}
