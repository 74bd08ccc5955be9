package dev.specter.reconcile;

import dev.specter.cloud.CloudAccount;
import dev.specter.engine.SiteHealth;
import dev.specter.engine.SiteSlot;
import dev.specter.launch.LaunchConfiguration;
import dev.specter.launch.SiteLaunchParams;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What each site of a domain's launch configuration can take now.
 *
 * @param slots        the engine's view of the sites, best rank first
 * @param accounts     the account of each usable site
 * @param unusable     sites without an account (no credentials, or not configured), best rank first
 * @param unobservable sites whose VMs cannot be described: unusable, or not answering describes
 * @param unavailable  sites that take no new VMs now: unobservable, or backed off after failures
 */
record SiteView(List<SiteSlot> slots, Map<String, CloudAccount> accounts, List<String> unusable,
                Set<String> unobservable, Set<String> unavailable) {
    SiteView {
        slots = List.copyOf(slots);
        accounts = Map.copyOf(accounts);
        unusable = List.copyOf(unusable);
        unobservable = Set.copyOf(unobservable);
        unavailable = Set.copyOf(unavailable);
    }

    /**
     * @param accounts  the domain owner's account at a site, empty when the site is unusable
     * @param reachable whether an account's site answers describes
     * @param health    per site, how it has been doing for the domain (absent: healthy)
     */
    static SiteView of(LaunchConfiguration lc, Function<String, Optional<CloudAccount>> accounts,
                       Predicate<CloudAccount> reachable, Map<String, SiteHealth> health, Instant now) {
        List<SiteSlot> slots = new ArrayList<>();
        Map<String, CloudAccount> usable = new HashMap<>();
        List<String> unusable = new ArrayList<>();
        Set<String> unobservable = new HashSet<>();
        Set<String> unavailable = new HashSet<>();
        for (String site : lc.sitesByRank()) {
            SiteLaunchParams p = lc.sites().get(site);
            Optional<CloudAccount> account = accounts.apply(site);
            account.ifPresentOrElse(a -> usable.put(site, a), () -> unusable.add(site));
            boolean observable = account.filter(reachable).isPresent();
            if (!observable) {
                unobservable.add(site);
            }
            boolean available = observable && health.getOrDefault(site, SiteHealth.HEALTHY).available(now);
            if (!available) {
                unavailable.add(site);
            }
            slots.add(new SiteSlot(site, p.rank(), p.maxVms(), available));
        }
        return new SiteView(slots, usable, unusable, unobservable, unavailable);
    }
}
