package dev.specter.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one JSON configuration: strict on input (no NaN, no duplicate keys, no trailing garbage). */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64)
                            .maxNumberLength(64).maxStringLength(2 << 20).build())
                    .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /**
     * A plain value (a policy parameter's) as the node that prints it as Java does: {@code valueToTree}
     * would read a double back as a decimal under {@code USE_BIG_DECIMAL_FOR_FLOATS} and print 1.0 as 1.
     */
    public static JsonNode value(Object v) {
        JsonNodeFactory f = MAPPER.getNodeFactory();
        return switch (v) {
            case Integer i -> f.numberNode(i);
            case Double d -> f.numberNode(d);
            case Boolean b -> f.booleanNode(b);
            case String s -> f.textNode(s);
            default -> throw new IllegalArgumentException("not a plain value: " + v.getClass().getName());
        };
    }
}
