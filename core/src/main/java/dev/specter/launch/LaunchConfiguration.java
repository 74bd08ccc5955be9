package dev.specter.launch;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A named recipe of what to boot where. Domains refer to it by name; clients address it by id.
 *
 * @param sites                   per-site parameters keyed by site name
 * @param contextualizationMethod "user_data" or "none" (Phantom's values; "chef" is not supported)
 * @param published               operator-published LCs are listed to everyone with {@code ?public=true}
 */
public record LaunchConfiguration(String id, long owner, String name, Map<String, SiteLaunchParams> sites,
                                  String contextualizationMethod, String userData, boolean published,
                                  Instant createdAt, Instant updatedAt) {
    public LaunchConfiguration {
        sites = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sites));
    }

    /** Site names ordered by rank, best first (ties, which validation forbids, by name). */
    public List<String> sitesByRank() {
        return sites.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, SiteLaunchParams> e) -> e.getValue().rank())
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** The user data a VM on {@code site} boots with: the site's own, else the LC's. */
    public String userDataFor(String site) {
        SiteLaunchParams p = sites.get(site);
        return p != null && p.userData() != null ? p.userData() : userData;
    }

    public LaunchConfiguration withSites(Map<String, SiteLaunchParams> newSites, String method, String newUserData,
                                         Instant now) {
        return new LaunchConfiguration(id, owner, name, newSites, method, newUserData, published, createdAt, now);
    }
}
