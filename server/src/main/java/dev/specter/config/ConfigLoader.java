package dev.specter.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.specter.settings.ConfigException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds the configuration from three layers: the built-in {@code specter-default.yaml}, an optional
 * operator file laid over it key by key (its {@code sites} section, when present, replaces the
 * default sites), then environment variables named after the keys ({@code http.port} is
 * {@code SPECTER_HTTP_PORT}). The result is bound by {@link ConfigBinder}, so every problem is
 * reported with the key it is about.
 */
public final class ConfigLoader {
    private static final YAMLMapper YAML = new YAMLMapper();

    private ConfigLoader() {
    }

    /** @param drivers the driver kinds this build can run */
    public static SpecterConfig load(Path file, Map<String, String> env, Set<String> drivers) {
        ObjectNode tree = defaults();
        if (file != null) {
            ObjectNode overlay = readFile(file);
            if (overlay.hasNonNull("sites")) {
                tree.remove("sites");
            }
            ConfigBinder.overlay(tree, overlay);
        }
        applyEnvironment(tree, "", env);
        return ConfigBinder.bind("", tree, ConfigFile.class).resolve(drivers);
    }

    private static ObjectNode defaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream("/specter-default.yaml")) {
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("built-in configuration is unreadable", e);
        }
    }

    private static ObjectNode readFile(Path file) {
        JsonNode n;
        try {
            n = YAML.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new ConfigException("", "config file " + file + " is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        } catch (IOException e) {
            throw new ConfigException("", "config file " + file + " cannot be read: " + e.getMessage());
        }
        if (n == null || n.isMissingNode() || n.isNull()) {
            return YAML.createObjectNode();
        }
        if (!(n instanceof ObjectNode o)) {
            throw new ConfigException("", "config file " + file + ": the top level must be a mapping of keys");
        }
        return o;
    }

    private static void applyEnvironment(ObjectNode node, String path, Map<String, String> env) {
        node.properties().forEach(e -> {
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
}
