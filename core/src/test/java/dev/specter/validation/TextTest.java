package dev.specter.validation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextTest {
    /** One character (code point) that is two Java chars, as PostgreSQL and SQLite count it. */
    static final String ROCKET = "\uD83D\uDE80";

    @Test
    void lengthCountsCharactersAsPostgresqlDoesNotJavaChars() {
        assertThat(Text.length("abc")).isEqualTo(3);
        assertThat(Text.length("ünï")).isEqualTo(3);
        assertThat(ROCKET.length()).isEqualTo(2);
        assertThat(Text.length(ROCKET.repeat(10))).isEqualTo(10);
    }

    @Test
    void atMostAcceptsTheLimitAndRefusesOneCharacterMoreNamingFieldAndLimit() {
        assertThat(Text.atMost("f", ROCKET.repeat(8), 8)).isEqualTo(ROCKET.repeat(8));
        assertThat(Text.atMost("f", null, 8)).isNull();
        assertThatThrownBy(() -> Text.atMost("f", ROCKET.repeat(9), 8))
                .isInstanceOf(InvalidInputException.class).hasMessage("'f' is longer than the limit of 8 characters")
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("f");
    }

    @Test
    void clipFitsTheColumnMarksTheCutAndNeverSplitsASurrogatePair() {
        assertThat(Text.clip("abc", 3)).isEqualTo("abc");
        assertThat(Text.clip(null, 3)).isNull();
        assertThat(Text.clip("abcdef", 4)).isEqualTo("abc…");
        for (int max = 2; max < 12; max++) {
            String clipped = Text.clip("a" + ROCKET.repeat(10), max);
            assertThat(clipped.length()).as("fits a column whatever it counts").isLessThanOrEqualTo(max);
            assertThat(Text.length(clipped)).as("and one counting characters").isLessThanOrEqualTo(max);
            assertThat(clipped).endsWith("…");
            assertThat(Character.isHighSurrogate(clipped.charAt(clipped.length() - 2))).as("pair kept whole").isFalse();
        }
    }
}
