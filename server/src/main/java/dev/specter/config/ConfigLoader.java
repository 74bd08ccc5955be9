package dev.specter.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.specter.api.LoginGuard;
import dev.specter.cloud.sim.SimMetricSource;
import dev.specter.metric.MetricSourceCatalog;
import dev.specter.reconcile.ControlSettings;
import dev.specter.site.SiteDefinition;
import dev.specter.validation.Limits;
import dev.specter.validation.Names;

import dev.specter.store.sql.Synchronous;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the configuration from three layers: the built-in {@code specter-default.yaml}, an optional
 * operator file laid over it key by key (its {@code sites} section, when present, replaces the
 * default sites), then environment variables named after the keys ({@code http.port} is
 * {@code SPECTER_HTTP_PORT}). Every problem is reported with the key it is about.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> SITE_KEYS = Set.of("driver", "credentials", "instance_types", "settings",
            "metrics");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][-_.A-Za-z0-9]{0,63}");

    private ConfigLoader() {
    }

    public static SpecterConfig load(Path file, Map<String, String> env, Set<String> drivers) {
        ObjectNode tree = defaults();
        if (file != null) {
            JsonNode overlay = readFile(file);
            checkKnownKeys(tree, overlay, "");
            merge(tree, (ObjectNode) overlay);
        }
        applyEnvironment(tree, "", env);
        return read(new Reader(tree), drivers);
    }

    static ObjectNode defaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream("/specter-default.yaml")) {
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("built-in configuration is unreadable", e);
        }
    }

    private static JsonNode readFile(Path file) {
        try {
            JsonNode n = YAML.readTree(Files.readString(file));
            if (n == null || n.isMissingNode() || n.isNull()) {
                return YAML.createObjectNode();
            }
            if (!n.isObject()) {
                throw new ConfigException("config file " + file + ": the top level must be a mapping of keys");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new ConfigException("config file " + file + " is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        } catch (IOException e) {
            throw new ConfigException("config file " + file + " cannot be read: " + e.getMessage());
        }
    }

    private static void checkKnownKeys(JsonNode known, JsonNode given, String path) {
        for (Iterator<String> it = given.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            String keyPath = path.isEmpty() ? key : path + "." + key;
            if (keyPath.equals("sites")) {
                checkSites(given.get(key));
                continue;
            }
            if (keyPath.equals("metrics.sources")) {
                continue; // any names; their settings are checked as sources are read
            }
            JsonNode expected = known.get(key);
            if (expected == null) {
                throw new ConfigException("config key '" + keyPath + "' is not a known setting");
            }
            JsonNode value = given.get(key);
            if (expected.isObject()) {
                if (!value.isObject()) {
                    throw new ConfigException("config key '" + keyPath + "' must be a mapping");
                }
                checkKnownKeys(expected, value, keyPath);
            }
        }
    }

    private static void checkSites(JsonNode sites) {
        if (!sites.isObject()) {
            throw new ConfigException("config key 'sites' must be a mapping of site name to site settings");
        }
        sites.fields().forEachRemaining(e -> {
            if (!e.getValue().isObject()) {
                throw new ConfigException("config key 'sites." + e.getKey() + "' must be a mapping");
            }
            e.getValue().fieldNames().forEachRemaining(k -> {
                if (!SITE_KEYS.contains(k)) {
                    throw new ConfigException("config key 'sites." + e.getKey() + "." + k
                            + "' is not a known site setting (known: " + SITE_KEYS + ")");
                }
            });
        });
    }

    private static void merge(ObjectNode into, ObjectNode from) {
        from.fields().forEachRemaining(e -> {
            JsonNode current = into.get(e.getKey());
            if (!e.getKey().equals("sites") && current instanceof ObjectNode c && e.getValue() instanceof ObjectNode f) {
                merge(c, f);
            } else {
                into.set(e.getKey(), e.getValue());
            }
        });
    }

    private static void applyEnvironment(ObjectNode node, String path, Map<String, String> env) {
        node.fields().forEachRemaining(e -> {
            String keyPath = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            if (e.getValue() instanceof ObjectNode child) {
                applyEnvironment(child, keyPath, env);
            } else {
                String value = env.get(envName(keyPath));
                if (value != null) {
                    e.setValue(TextNode.valueOf(value));
                }
            }
        });
    }

    /** The environment variable overriding a key: {@code control.boot_timeout} is {@code SPECTER_CONTROL_BOOT_TIMEOUT}. */
    public static String envName(String keyPath) {
        return "SPECTER_" + keyPath.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static SpecterConfig read(Reader r, Set<String> drivers) {
        ControlSettings control = new ControlSettings(r.duration("control.resync_interval"),
                r.duration("control.full_resync_interval"), r.duration("control.describe_interval"),
                r.duration("control.boot_timeout"), r.duration("control.missing_timeout"), r.duration("control.instance_retention"),
                r.integer("control.site_failure_threshold", 1, 1000), r.duration("control.site_backoff"),
                r.duration("control.site_backoff_max"));
        Limits limits = new Limits(r.integer("limits.max_vm_count", 0, 1_000_000),
                r.integer("limits.max_vms_per_site", 0, 10_000_000),
                r.integer("limits.max_name_length", 1, Names.MAX_LENGTH),
                r.integer("limits.max_domains_per_user", 0, 1_000_000),
                r.integer("limits.max_launch_configurations_per_user", 0, 1_000_000),
                r.integer("limits.max_user_data_bytes", 0, 1 << 20));
        String prefix = r.string("http.prefix");
        if (!prefix.matches("(/[A-Za-z0-9._-]+)+")) {
            throw new ConfigException("config key 'http.prefix' must look like /api/dev, got '" + prefix + "'");
        }
        String masterKey = r.string("master_key");
        if (!masterKey.isEmpty()) {
            MasterKeys.decode(masterKey, "master_key");
        }
        return new SpecterConfig(r.string("http.host"), r.integer("http.port", 0, 65535), prefix,
                Path.of(r.string("data")), database(r), masterKey, control, limits,
                new LoginGuard.Settings(r.integer("security.login_failures_per_user", 1, 1_000_000),
                        r.integer("security.auth_failures_per_address", 1, 1_000_000),
                        r.duration("security.failure_window")),
                new MetricsConfig(r.duration("metrics.retention"), metricSources(r)),
                new RetentionConfig(activityRetention(r)), sites(r, drivers));
    }

    private static RetentionConfig.Activities activityRetention(Reader r) {
        String ageKey = "retention.activities.max_age";
        Duration age = r.duration(ageKey);
        if (age.isZero() || age.compareTo(RetentionConfig.Activities.LONGEST) > 0) {
            throw new ConfigException("config key '" + ageKey + "' must be more than 0 and at most 36500d (100 years), "
                    + "got '" + r.string(ageKey) + "'");
        }
        return new RetentionConfig.Activities(age, r.integer("retention.activities.max_per_domain", 1, 1_000_000_000));
    }

    private static DatabaseConfig database(Reader r) {
        String url = r.string("database.url");
        if (!url.isEmpty() && !url.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("config key 'database.url' must be empty (the embedded SQLite database) "
                    + "or a jdbc:postgresql: URL, got '" + url + "'");
        }
        String synchronous = r.string("database.synchronous");
        Synchronous mode = switch (synchronous) {
            case "full" -> Synchronous.FULL;
            case "normal" -> Synchronous.NORMAL;
            default -> throw new ConfigException("config key 'database.synchronous' must be full or normal, got '"
                    + synchronous + "'");
        };
        return new DatabaseConfig(url, r.string("database.user"), r.string("database.password"),
                r.integer("database.pool_size", 1, 1000), mode);
    }

    /** {@code metrics.sources}: name -> flat settings with a {@code kind}; what each kind needs is checked when built. */
    private static Map<String, Map<String, String>> metricSources(Reader r) {
        JsonNode sources = r.optionalNode("metrics.sources");
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        if (sources == null || sources.isNull()) {
            return out;
        }
        if (!sources.isObject()) {
            throw new ConfigException("config key 'metrics.sources' must be a mapping of source name to settings");
        }
        sources.fields().forEachRemaining(e -> {
            String base = "metrics.sources." + e.getKey();
            checkName(e.getKey(), base, "a source name");
            if (e.getKey().equals(MetricSourceCatalog.PUSH) || e.getKey().equals(SimMetricSource.NAME)) {
                throw new ConfigException("config key '" + base + "': '" + e.getKey() + "' is built in");
            }
            Map<String, String> settings = flatSettings(e.getValue(), base);
            if (!settings.containsKey("kind")) {
                throw new ConfigException("config key '" + base + ".kind' is missing (prometheus or cloudwatch)");
            }
            out.put(e.getKey(), settings);
        });
        return out;
    }

    private static List<SiteDefinition> sites(Reader r, Set<String> drivers) {
        JsonNode sites = r.node("sites");
        if (!sites.isObject() || sites.isEmpty()) {
            throw new ConfigException("config key 'sites' must define at least one site");
        }
        List<SiteDefinition> out = new ArrayList<>();
        sites.fieldNames().forEachRemaining(name -> {
            String base = "sites." + name;
            checkName(name, base, "a site name");
            String driver = r.string(base + ".driver");
            if (!drivers.contains(driver)) {
                throw new ConfigException("config key '" + base + ".driver': unknown driver '" + driver
                        + "' (known: " + drivers + ")");
            }
            String credentials = r.optionalString(base + ".credentials", "required");
            if (!credentials.equals("none") && !credentials.equals("required")) {
                throw new ConfigException("config key '" + base + ".credentials' must be 'none' or 'required', got '"
                        + credentials + "'");
            }
            List<String> types = r.stringList(base + ".instance_types", List.of("m1.small", "m1.large", "m1.xlarge"));
            JsonNode s = r.optionalNode(base + ".settings");
            Map<String, String> settings = s == null ? new LinkedHashMap<>() : flatSettings(s, base + ".settings");
            // a simulated site's instances report the simulator's synthetic load unless told otherwise
            String metrics = r.optionalString(base + ".metrics", driver.equals("sim") ? "sim" : "");
            out.add(new SiteDefinition(name, driver, credentials.equals("required"), types, settings,
                    metrics.isEmpty() ? null : metrics));
        });
        return out;
    }

    private static void checkName(String name, String key, String what) {
        if (!NAME.matcher(name).matches()) {
            throw new ConfigException("config key '" + key + "': " + what + " is 1 to 64 letters, digits, '-', '_' "
                    + "or '.', starting with a letter or digit");
        }
    }

    /** A mapping of single values (a site's settings, a metric source's): nested values are refused. */
    private static Map<String, String> flatSettings(JsonNode node, String key) {
        if (!node.isObject()) {
            throw new ConfigException("config key '" + key + "' must be a mapping");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            if (e.getValue().isContainerNode()) {
                throw new ConfigException("config key '" + key + "." + e.getKey() + "' must be a single value");
            }
            settings.put(e.getKey(), e.getValue().asText());
        });
        return settings;
    }

    /** Parses {@code 300ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d}; a bare number is seconds. */
    public static Duration parseDuration(String text, String key) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new ConfigException("config key '" + key + "' must be a duration like 300ms, 5s, 2m or 1h, got '"
                    + text + "'");
        }
        String unit = m.group(2) == null ? "s" : m.group(2);
        try {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            d.toMillis(); // every user of a duration works in milliseconds
            return d;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigException("config key '" + key + "' is too large a duration, got '" + text + "'");
        }
    }

    /** Typed, path-aware reads of the merged tree. */
    private record Reader(ObjectNode root) {
        JsonNode optionalNode(String path) {
            JsonNode n = root;
            for (String part : path.split("\\.")) {
                n = n == null ? null : n.get(part);
            }
            return n == null || n.isNull() ? null : n;
        }

        JsonNode node(String path) {
            JsonNode n = optionalNode(path);
            if (n == null) {
                throw new ConfigException("config key '" + path + "' is missing");
            }
            return n;
        }

        String string(String path) {
            JsonNode n = node(path);
            if (n.isContainerNode()) {
                throw new ConfigException("config key '" + path + "' must be a single value");
            }
            return n.asText();
        }

        String optionalString(String path, String fallback) {
            return optionalNode(path) == null ? fallback : string(path);
        }

        int integer(String path, int min, int max) {
            String text = string(path).trim();
            try {
                int v = Integer.parseInt(text);
                if (v < min || v > max) {
                    throw new ConfigException("config key '" + path + "' must be between " + min + " and " + max
                            + ", got " + v);
                }
                return v;
            } catch (NumberFormatException e) {
                throw new ConfigException("config key '" + path + "' must be an integer, got '" + text + "'");
            }
        }

        Duration duration(String path) {
            return parseDuration(string(path), path);
        }

        List<String> stringList(String path, List<String> fallback) {
            JsonNode n = optionalNode(path);
            if (n == null) {
                return fallback;
            }
            if (n.isTextual()) {
                return List.of(n.asText().split("\\s*,\\s*"));
            }
            if (!n.isArray()) {
                throw new ConfigException("config key '" + path + "' must be a list");
            }
            List<String> out = new ArrayList<>();
            n.forEach(e -> out.add(e.asText()));
            return out;
        }
    }
}
