package dev.specter.launch;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A launch configuration as a client wrote it, before it has an id.
 *
 * @param contextualizationMethod null when the client did not say (creation defaults it from
 *                                {@code userData}; an update keeps the stored one)
 */
public record LaunchConfigurationDraft(String name, Map<String, SiteLaunchParams> sites,
                                       String contextualizationMethod, String userData) {
    public LaunchConfigurationDraft {
        sites = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sites));
    }
}
