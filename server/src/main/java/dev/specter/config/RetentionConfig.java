package dev.specter.config;

import java.time.Duration;

/**
 * How long records are kept: the {@code retention} section. It holds only activities for now;
 * terminated instances ({@code control.instance_retention}) and pushed readings
 * ({@code metrics.retention}) are still set where they always were, and can join here in the same
 * shape ({@code retention.instances.max_age}, ...) without the old keys breaking.
 */
public record RetentionConfig(Activities activities) {
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
            if (maxAge.isNegative() || maxAge.isZero() || maxAge.compareTo(LONGEST) > 0) {
                throw new IllegalArgumentException("max age must be more than 0 and at most 36500d, got " + maxAge);
            }
            if (maxPerDomain < 1) {
                throw new IllegalArgumentException("max per domain must be at least 1, got " + maxPerDomain);
            }
        }
    }
}
