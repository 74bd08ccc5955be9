package dev.specter.settings;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way a duration is written, in the configuration, in driver settings and in a simulated
 * VM's load line: a number and a unit, {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h},
 * {@code 2d}; a plain number is seconds ({@code 300}, so an environment variable may say
 * {@code SPECTER_CONTROL_BOOT_TIMEOUT=300}). Fractions are fine ({@code 1.5m}) down to the
 * millisecond, the resolution everything that uses a duration works in.
 */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");
    private static final String EXPECTED = "must be a duration like 250ms, 30s, 5m, 1h or 2d";

    private Durations() {
    }

    /** @throws ConfigException with an empty key (the caller knows which key the text came from) */
    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new ConfigException("", EXPECTED + ", got '" + text + "'");
        }
        long unitMillis = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            default -> 86_400_000;
        };
        BigDecimal millis = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitMillis));
        try {
            return Duration.ofMillis(millis.longValueExact());
        } catch (ArithmeticException e) {
            throw new ConfigException("", millis.stripTrailingZeros().scale() > 0
                    ? "must be a whole number of milliseconds, got '" + text + "'"
                    : "is too long a duration, got '" + text + "'");
        }
    }

    /** The form {@link #parse} reads back to the same duration. */
    public static String format(Duration d) {
        return d.toMillis() + "ms";
    }
}
