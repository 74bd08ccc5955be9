package dev.specter.site;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The configured sites, in configuration order. Immutable for the life of the process. */
public final class SiteCatalog {
    private final Map<String, SiteDefinition> sites = new LinkedHashMap<>();

    public SiteCatalog(List<SiteDefinition> definitions) {
        for (SiteDefinition d : definitions) {
            if (sites.putIfAbsent(d.name(), d) != null) {
                throw new IllegalArgumentException("site '" + d.name() + "' is defined twice");
            }
        }
    }

    public Optional<SiteDefinition> find(String name) {
        return Optional.ofNullable(name == null ? null : sites.get(name));
    }

    public boolean contains(String name) {
        return name != null && sites.containsKey(name);
    }

    public Collection<SiteDefinition> all() {
        return sites.values();
    }
}
