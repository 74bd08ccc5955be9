package dev.specter.metric.prometheus;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PromQL query with placeholders, compiled once: {@code {metric}}, {@code {window}} (a Prometheus
 * duration such as {@code 90s}), {@code {fn}} ({@code avg}, {@code max} or {@code min}),
 * {@code {domain_id}}, and for an instance {@code {instance_id}}, {@code {iaas_id}}, {@code {hostname}},
 * {@code {public_ip}}, {@code {private_ip}} and {@code {site}}. Any other brace (a label matcher) is
 * PromQL's own and stays as it is.
 *
 * <p>A value is written as what it is, never as PromQL: inside a string literal it is escaped for that
 * literal (backslash and the quote), and in the literal of a regular-expression matcher ({@code =~},
 * {@code !~}) it is also quoted as a regular expression, so that {@code 10.0.0.1} matches only itself.
 * Outside a literal a value must be a plain name ({@code [A-Za-z0-9_:]+}); one that is not, or that
 * a literal cannot hold, makes the query impossible rather than different.
 */
final class PrometheusTemplate {
    enum Placeholder {
        METRIC("metric", false), WINDOW("window", false), FN("fn", false), DOMAIN_ID("domain_id", false),
        INSTANCE_ID("instance_id", true), IAAS_ID("iaas_id", true), HOSTNAME("hostname", true),
        PUBLIC_IP("public_ip", true), PRIVATE_IP("private_ip", true), SITE("site", true);

        final String token;
        /** Whether the value is an instance's, which a domain query does not have. */
        final boolean perInstance;

        Placeholder(String name, boolean perInstance) {
            this.token = name;
            this.perInstance = perInstance;
        }

        static Placeholder named(String name) {
            for (Placeholder p : values()) {
                if (p.token.equals(name)) {
                    return p;
                }
            }
            return null;
        }
    }

    /** Where in the query a placeholder stands. */
    private enum Context { CODE, DOUBLE_QUOTED, SINGLE_QUOTED, RAW }

    private sealed interface Part permits Text, Slot {
    }

    private record Text(String text) implements Part {
    }

    private record Slot(Placeholder placeholder, Context context, boolean regex) implements Part {
    }

    /** The query text, or why there is none ({@code query} null). */
    record Rendered(String query, String problem) {
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");
    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9_:]+");
    private static final String REGEX_SPECIAL = "\\.+*?()|[]{}^$";

    private final String source;
    private final List<Part> parts;

    private PrometheusTemplate(String source, List<Part> parts) {
        this.source = source;
        this.parts = parts;
    }

    static PrometheusTemplate compile(String template) {
        List<Part> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        Context context = Context.CODE;
        boolean regex = false;
        Matcher m = PLACEHOLDER.matcher(template);
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '{' && m.find(i) && m.start() == i) {
                Placeholder p = Placeholder.named(m.group(1));
                if (p != null) {
                    if (!text.isEmpty()) {
                        parts.add(new Text(text.toString()));
                        text.setLength(0);
                    }
                    parts.add(new Slot(p, context, regex));
                    i = m.end();
                    continue;
                }
            }
            text.append(c);
            switch (context) {
                case CODE -> {
                    Context next = switch (c) {
                        case '"' -> Context.DOUBLE_QUOTED;
                        case '\'' -> Context.SINGLE_QUOTED;
                        case '`' -> Context.RAW;
                        default -> Context.CODE;
                    };
                    if (next != Context.CODE) {
                        String before = template.substring(0, i).stripTrailing();
                        regex = before.endsWith("=~") || before.endsWith("!~");
                        context = next;
                    }
                }
                case DOUBLE_QUOTED, SINGLE_QUOTED -> {
                    if (c == '\\' && i + 1 < template.length()) {
                        text.append(template.charAt(++i));
                    } else if (c == (context == Context.DOUBLE_QUOTED ? '"' : '\'')) {
                        context = Context.CODE;
                    }
                }
                case RAW -> {
                    if (c == '`') {
                        context = Context.CODE;
                    }
                }
            }
            i++;
        }
        if (!text.isEmpty()) {
            parts.add(new Text(text.toString()));
        }
        return new PrometheusTemplate(template, List.copyOf(parts));
    }

    String source() {
        return source;
    }

    /** The query with {@code values} written in; a null value makes no query. */
    Rendered render(Function<Placeholder, String> values) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            switch (part) {
                case Text t -> out.append(t.text());
                case Slot s -> {
                    String value = values.apply(s.placeholder());
                    if (value == null) {
                        return new Rendered(null, "{" + s.placeholder().token + "} is not known");
                    }
                    String written = write(value, s);
                    if (written == null) {
                        return new Rendered(null, "{" + s.placeholder().token + "} '" + value
                                + "' cannot be written where the template puts it");
                    }
                    out.append(written);
                }
            }
        }
        return new Rendered(out.toString(), null);
    }

    /** The value as the slot's context needs it, or null when it cannot hold it. */
    private static String write(String value, Slot slot) {
        if (slot.context() == Context.CODE) {
            return BARE.matcher(value).matches() ? value : null;
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return null;
            }
        }
        String v = slot.regex() ? regexQuote(value) : value;
        return switch (slot.context()) {
            case DOUBLE_QUOTED -> v.replace("\\", "\\\\").replace("\"", "\\\"");
            case SINGLE_QUOTED -> v.replace("\\", "\\\\").replace("'", "\\'");
            case RAW -> v.indexOf('`') >= 0 ? null : v;
            case CODE -> throw new IllegalStateException();
        };
    }

    static String regexQuote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (REGEX_SPECIAL.indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** A duration as PromQL writes it: whole seconds ({@code 90s}) or, below that grain, milliseconds. */
    static String duration(java.time.Duration d) {
        if (d.toNanosPart() == 0) {
            return d.toSeconds() + "s";
        }
        return d.toMillis() + "ms";
    }

    static String fn(dev.specter.metric.Statistic statistic) {
        return switch (statistic) {
            case AVERAGE -> "avg";
            case MAXIMUM -> "max";
            case MINIMUM -> "min";
        };
    }

    @Override
    public String toString() {
        return source;
    }
}
