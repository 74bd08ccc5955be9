package dev.specter.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specter.validation.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldsTest {
    private static ObjectNode body(String json) throws Exception {
        return (ObjectNode) Json.MAPPER.readTree(json);
    }

    @Test
    void integersAcceptJsonIntegersAndDigitStrings() throws Exception {
        assertThat(Fields.integer(body("{\"n\": 4}"), "n")).isEqualTo(4);
        assertThat(Fields.integer(body("{\"n\": \"4\"}"), "n")).isEqualTo(4);
        assertThat(Fields.integer(body("{\"n\": \" -1 \"}"), "n")).isEqualTo(-1);
        for (String bad : new String[]{"1.5", "\"1.5\"", "\"1e9\"", "1e9", "true", "[]", "{}", "\"four\"", "\"\"",
                "99999999999", "\"99999999999\"", "123456789012345678901234567890"}) {
            assertThatThrownBy(() -> Fields.integer(body("{\"n\": " + bad + "}"), "n")).as(bad)
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("'n'");
        }
        assertThatThrownBy(() -> Fields.integer(body("{}"), "n")).hasMessage("Mandatory parameter 'n' is missing");
        assertThatThrownBy(() -> Fields.integer(body("{\"n\": null}"), "n")).hasMessageContaining("missing");
    }

    @Test
    void numbersMustBeFinite() throws Exception {
        assertThat(Fields.number(body("{\"x\": 0.25}"), "x")).isEqualTo(0.25);
        assertThat(Fields.number(body("{\"x\": \"1e-3\"}"), "x")).isEqualTo(0.001);
        assertThat(Fields.number(body("{\"x\": 0}"), "x")).isZero();
        for (String bad : new String[]{"\"NaN\"", "\"Infinity\"", "\"abc\"", "1e400", "false", "[1]"}) {
            assertThatThrownBy(() -> Fields.number(body("{\"x\": " + bad + "}"), "x")).as(bad)
                    .isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void booleansAcceptPhantomSpellings() throws Exception {
        assertThat(Fields.bool(body("{\"b\": true}"), "b")).isTrue();
        assertThat(Fields.bool(body("{\"b\": \"False\"}"), "b")).isFalse();
        assertThatThrownBy(() -> Fields.bool(body("{\"b\": 1}"), "b")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void namesAcceptCommaStringsAndLists() throws Exception {
        assertThat(Fields.names(body("{\"m\": \"cpu, load,\"}"), "m")).containsExactly("cpu", "load");
        assertThat(Fields.names(body("{\"m\": [\"cpu\", \"\"]}"), "m")).containsExactly("cpu");
        assertThat(Fields.names(body("{\"m\": \"\"}"), "m")).isEmpty();
        assertThatThrownBy(() -> Fields.names(body("{\"m\": [1]}"), "m")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Fields.names(body("{\"m\": 5}"), "m")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void stringsAreNotCoerced() throws Exception {
        assertThat(Fields.string(body("{\"s\": \"x\"}"), "s")).isEqualTo("x");
        assertThatThrownBy(() -> Fields.string(body("{\"s\": 5}"), "s")).hasMessageContaining("must be a string");
    }
}
