package dev.specter.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.CollectionType;
import dev.specter.settings.ConfigException;
import dev.specter.settings.Durations;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Binds configuration trees into settings records, the one way every part of the configuration is
 * read: the server's own sections, each site's driver settings, each metric source's. A record's
 * components are its keys in snake_case ({@code bootTime} is {@code boot_time}); a key the record
 * has not is refused, as is a value of the wrong shape; durations are written as {@link Durations}
 * reads them; a list may also be one comma-separated string (as an environment variable must write
 * it); a key with no value ({@code key: ~}) counts as left out. Every problem, Jackson's or a
 * record's own check, is a {@link ConfigException} naming the full dotted key.
 */
public final class ConfigBinder {
    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .addModule(new SimpleModule("specter-config")
                    .addDeserializer(Duration.class, new DurationDeserializer())
                    .addSerializer(Duration.class, new DurationSerializer())
                    .setDeserializerModifier(new CommaLists()))
            .build();

    private ConfigBinder() {
    }

    /**
     * Binds {@code tree}, found at {@code key} (empty for the root), into {@code type}. A key left out
     * is null to the record (0 or false for a primitive component), so a record bound this way puts
     * its own defaults in for what may be left out.
     */
    static <T> T bind(String key, JsonNode tree, Class<T> type) {
        JsonNode given = withoutNulls(tree);
        checkKeys(key, given, MAPPER.constructType(type));
        try {
            return MAPPER.treeToValue(given, type);
        } catch (JsonMappingException e) {
            throw translate(key, e);
        } catch (IOException e) {
            throw new ConfigException(key, "cannot be read: " + e.getMessage());
        }
    }

    /** Binds a flat mapping of settings (a site's, a metric source's), found at {@code key}, into {@code type}. */
    public static <T> T bind(String key, Map<String, String> settings, Class<T> type) {
        return bind(key, (JsonNode) MAPPER.valueToTree(settings), type);
    }

    /** Binds a flat mapping of settings laid over {@code defaults}: a key left out keeps the default's value. */
    @SuppressWarnings("unchecked")
    public static <T> T bind(String key, Map<String, String> settings, T defaults) {
        ObjectNode tree = MAPPER.valueToTree(defaults);
        overlay(tree, MAPPER.valueToTree(settings));
        return bind(key, tree, (Class<T>) defaults.getClass());
    }

    /**
     * Lays {@code top} over {@code base} key by key, nested mappings merged, everything else replaced;
     * a key with no value in {@code top} leaves {@code base}'s.
     */
    static void overlay(ObjectNode base, JsonNode top) {
        top.properties().forEach(e -> {
            if (e.getValue().isNull()) {
                return;
            }
            if (base.get(e.getKey()) instanceof ObjectNode c && e.getValue().isObject()) {
                overlay(c, e.getValue());
            } else {
                base.set(e.getKey(), e.getValue());
            }
        });
    }

    private static JsonNode withoutNulls(JsonNode tree) {
        if (!(tree instanceof ObjectNode o)) {
            return tree;
        }
        ObjectNode copy = MAPPER.createObjectNode();
        o.properties().forEach(e -> {
            if (!e.getValue().isNull()) {
                copy.set(e.getKey(), withoutNulls(e.getValue()));
            }
        });
        return copy;
    }

    /**
     * Refuses a key the record has not, before Jackson binds: Jackson reports unknown keys only after
     * building the record, so a typo ({@code drvier}) would otherwise surface as the record's complaint
     * about what is missing ({@code driver}).
     */
    private static void checkKeys(String key, JsonNode tree, JavaType type) {
        if (!tree.isObject()) {
            return; // a value of the wrong shape is Jackson's to report
        }
        if (type.isMapLikeType()) {
            tree.properties().forEach(e -> checkKeys(join(key, e.getKey()), e.getValue(), type.getContentType()));
            return;
        }
        if (!type.isRecordType()) {
            return;
        }
        Map<String, JavaType> components = new TreeMap<>();
        for (RecordComponent c : type.getRawClass().getRecordComponents()) {
            components.put(SNAKE_CASE.translate(c.getName()), MAPPER.constructType(c.getGenericType()));
        }
        tree.properties().forEach(e -> {
            JavaType component = components.get(e.getKey());
            if (component == null) {
                throw unknown(join(key, e.getKey()), components.keySet());
            }
            checkKeys(join(key, e.getKey()), e.getValue(), component);
        });
    }

    private static ConfigException unknown(String key, Collection<?> known) {
        return new ConfigException(key, "is not a known setting (known: "
                + known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")");
    }

    private static String join(String key, String child) {
        return key.isEmpty() ? child : key + "." + child;
    }

    private static ConfigException translate(String base, JsonMappingException e) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining());
        String key = base.isEmpty() && path.startsWith(".") ? path.substring(1) : base + path;
        if (e.getCause() instanceof ConfigException c) {
            return c.under(key); // a record's own check, or a duration
        }
        return switch (e) {
            case ValueInstantiationException v -> new ConfigException(key, "is not usable: "
                    + v.getCause().getMessage(), v.getCause());
            case UnrecognizedPropertyException u -> unknown(key, u.getKnownPropertyIds());
            case InvalidFormatException f -> new ConfigException(key, expected(f.getTargetType()) + ", got '"
                    + f.getValue() + "'");
            case MismatchedInputException m -> new ConfigException(key, shape(m.getTargetType()));
            default -> new ConfigException(key, e.getOriginalMessage());
        };
    }

    /** What a scalar of {@code type} looks like, for a value that is not one. */
    private static String expected(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "must be an integer";
        }
        if (type == double.class || type == Double.class) {
            return "must be a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "must be true or false";
        }
        if (type != null && type.isEnum()) {
            return "must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> c.toString().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
        }
        if (type == URI.class) {
            return "must be a URL";
        }
        if (type == Path.class) {
            return "must be a path";
        }
        return "must be a " + (type == null ? "value" : type.getSimpleName());
    }

    /** What a value of {@code type} looks like, for a value of another shape (a list for a number...). */
    private static String shape(Class<?> type) {
        if (type == null) {
            return "has the wrong shape";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "must be a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "must be a mapping";
        }
        return "must be a single value";
    }

    private static final class DurationDeserializer extends StdDeserializer<Duration> {
        DurationDeserializer() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.currentToken().isScalarValue()) {
                return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
            }
            return Durations.parse(p.getText());
        }
    }

    private static final class DurationSerializer extends StdSerializer<Duration> {
        DurationSerializer() {
            super(Duration.class);
        }

        @Override
        public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(Durations.format(value));
        }
    }

    /** Lets a list of strings be written as one comma-separated string: {@code sg-1, sg-2}. */
    private static final class CommaLists extends BeanDeserializerModifier {
        @Override
        public JsonDeserializer<?> modifyCollectionDeserializer(DeserializationConfig config, CollectionType type,
                                                                BeanDescription beanDesc,
                                                                JsonDeserializer<?> deserializer) {
            if (type.getContentType().getRawClass() != String.class) {
                return deserializer;
            }
            return new CommaList(deserializer);
        }
    }

    private static final class CommaList extends DelegatingDeserializer {
        CommaList(JsonDeserializer<?> list) {
            super(list);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new CommaList(newDelegatee);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                return Arrays.stream(p.getText().split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
            }
            return super.deserialize(p, ctxt);
        }
    }
}
