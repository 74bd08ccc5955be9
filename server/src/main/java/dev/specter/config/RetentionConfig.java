package dev.specter.config;

import dev.specter.settings.ConfigException;
import dev.specter.settings.Durations;
import dev.specter.settings.Require;

import java.time.Duration;

/**
 * How long records are kept: the {@code retention} section. It holds only activities for now;
 * terminated instances ({@code control.instance_retention}) and pushed readings
 * ({@code metrics.retention}) are still set where they always were, and can join here in the same
 * shape ({@code retention.instances.max_age}, ...) without the old keys breaking.
 */
public record RetentionConfig(Activities activities) {
    public RetentionConfig {
        Require.present("activities", activities);
    }

    /**
     * {@code retention.activities}: a domain's scaling history.
     *
     * @param maxAge       activities older than this are deleted
     * @param maxPerDomain of each domain's activities, only this many (the newest) are kept
     */
    public record Activities(Duration maxAge, int maxPerDomain) {
        /** The longest {@code max_age} accepted: 100 years, i.e. "keep by count only". */
        public static final Duration LONGEST = Duration.ofDays(36_500);
        public static final Activities DEFAULT = new Activities(Duration.ofDays(30), 10_000);

        public Activities {
            if (Require.present("max_age", maxAge).isNegative() || maxAge.isZero() || maxAge.compareTo(LONGEST) > 0) {
                throw new ConfigException("max_age", "must be more than 0 and at most 36500d (100 years), got '"
                        + Durations.format(maxAge) + "'");
            }
            Require.between("max_per_domain", maxPerDomain, 1, 1_000_000_000);
        }
    }
}
