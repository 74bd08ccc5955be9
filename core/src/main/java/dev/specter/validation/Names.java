package dev.specter.validation;

import java.util.regex.Pattern;

/** The one rule for user-chosen names (launch configurations, domains, key pairs). */
public final class Names {
    /**
     * The most {@code limits.max_name_length} may be: the name columns (launch_configurations.name,
     * domains.name and lc_name) are varchar(128); key_pairs.name, at 256, has room to spare.
     */
    public static final int MAX_LENGTH = 128;
    private static final Pattern ACCEPTED = Pattern.compile("[-_.0-9A-Za-z ]+");

    private Names() {
    }

    /** Returns the name when acceptable, else throws naming {@code field}. */
    public static String check(String field, String name, Limits limits) {
        if (name == null) {
            throw InvalidInputException.missing(field);
        }
        if (name.isBlank()) {
            throw new InvalidInputException(field, "'" + field + "' must not be empty");
        }
        if (Text.length(name) > limits.maxNameLength()) {
            throw new InvalidInputException(field, "'" + field + "' is longer than the limit of "
                    + limits.maxNameLength() + " characters");
        }
        if (!ACCEPTED.matcher(name).matches()) {
            throw new InvalidInputException(field, "'" + field
                    + "' may only contain letters A-Z a-z, digits, space, '-', '_' and '.'");
        }
        return name;
    }
}
