package dev.specter.config;

import dev.specter.settings.ConfigException;

import java.util.regex.Pattern;

/** The rule for names the operator gives in the configuration: sites and metric sources. */
final class ConfigNames {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][-_.A-Za-z0-9]{0,63}");

    private ConfigNames() {
    }

    static void check(String key, String name, String what) {
        if (!NAME.matcher(name).matches()) {
            throw new ConfigException(key, "is not usable as " + what + ": 1 to 64 letters, digits, '-', '_' or '.', "
                    + "starting with a letter or digit");
        }
    }
}
