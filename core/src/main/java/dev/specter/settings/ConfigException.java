package dev.specter.settings;

/**
 * A configuration value that cannot be used, with the dotted key it is about: {@code config key
 * 'sites.hotel.settings.capacity' must be an integer, got 'lots'}. A settings record throws it with
 * its own key ({@code capacity}); whoever bound the record from a larger tree places it there with
 * {@link #under}, so the operator reads the full key whichever layer found the problem.
 */
public final class ConfigException extends IllegalArgumentException {
    private final String key;
    private final String problem;

    /**
     * @param key     the dotted key, relative to whoever throws it; empty for "this value" (a parser
     *                that does not know where its text came from)
     * @param problem what is wrong, as a predicate: "must be ...", "is missing", "is not a known setting"
     */
    public ConfigException(String key, String problem) {
        this(key, problem, null);
    }

    public ConfigException(String key, String problem, Throwable cause) {
        super(key.isEmpty() ? problem : "config key '" + key + "' " + problem, cause);
        this.key = key;
        this.problem = problem;
    }

    public String key() {
        return key;
    }

    public String problem() {
        return problem;
    }

    /** The same problem with its key placed under {@code prefix}: {@code capacity} under {@code sites.hotel.settings}. */
    public ConfigException under(String prefix) {
        if (prefix.isEmpty()) {
            return this;
        }
        return new ConfigException(key.isEmpty() ? prefix : prefix + "." + key, problem, getCause());
    }
}
