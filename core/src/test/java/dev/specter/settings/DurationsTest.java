package dev.specter.settings;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {
    @ParameterizedTest
    @CsvSource({"250ms, 250", "30s, 30000", "5m, 300000", "1h, 3600000", "2d, 172800000", "300, 300000",
            "1.5m, 90000", "0.25s, 250", "'5 s', 5000", "' 0ms ', 0", "1.000ms, 1"})
    void everyFormReadsAsItsMilliseconds(String text, long millis) {
        Duration d = Durations.parse(text);
        assertThat(d).isEqualTo(Duration.ofMillis(millis));
        assertThat(Durations.parse(Durations.format(d))).as("format reads back").isEqualTo(d);
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "-1d", "5x", "1.5.3s", "1e3s", "5S", "s", "", "PT5S", "5 m s"})
    void anythingElseIsRefusedSayingWhatADurationLooksLike(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.key()).as("the caller places the key").isEmpty();
            assertThat(e.problem()).isEqualTo("must be a duration like 250ms, 30s, 5m, 1h or 2d, got '" + text + "'");
        });
    }

    @ParameterizedTest
    @CsvSource({"0.5ms, must be a whole number of milliseconds", "99999999999999999999s, is too long a duration",
            "9999999999999999d, is too long a duration"})
    void aDurationBeyondWhatAMillisecondClockHoldsIsRefused(String text, String problem) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(problem).hasMessageContaining("'" + text + "'");
    }

    @ParameterizedTest
    @CsvSource({"'', capacity, config key 'capacity' must be an integer",
            "sites.hotel.settings, capacity, config key 'sites.hotel.settings.capacity' must be an integer",
            "sites.hotel.settings.boot_time, '', config key 'sites.hotel.settings.boot_time' must be an integer"})
    void aProblemIsPlacedUnderTheKeyOfWhereItWasFound(String prefix, String key, String message) {
        ConfigException e = new ConfigException(key, "must be an integer").under(prefix);
        assertThat(e).hasMessage(message);
        assertThat(e.problem()).isEqualTo("must be an integer");
    }
}
