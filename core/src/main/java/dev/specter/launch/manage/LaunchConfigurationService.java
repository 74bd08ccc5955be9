package dev.specter.launch.manage;

import dev.specter.domain.DomainChangeListener;
import dev.specter.error.ConflictException;
import dev.specter.error.NotFoundException;
import dev.specter.launch.LaunchConfiguration;
import dev.specter.launch.LaunchConfigurationDraft;
import dev.specter.launch.LaunchConfigurationRules;
import dev.specter.launch.SiteLaunchParams;
import dev.specter.store.DuplicateNameException;
import dev.specter.store.Saved;
import dev.specter.store.Store;
import dev.specter.user.Tokens;
import dev.specter.validation.InvalidInputException;
import dev.specter.validation.Limits;

import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Create, change and delete launch configurations, keeping the domains that use them informed. */
public final class LaunchConfigurationService {
    private final Store store;
    private final LaunchConfigurationRules rules;
    private final Limits limits;
    private final InstantSource clock;
    private final DomainChangeListener listener;

    public LaunchConfigurationService(Store store, LaunchConfigurationRules rules, Limits limits, InstantSource clock,
                                      DomainChangeListener listener) {
        this.store = store;
        this.rules = rules;
        this.limits = limits;
        this.clock = clock;
        this.listener = listener;
    }

    public Saved<LaunchConfiguration> create(long owner, LaunchConfigurationDraft draft) {
        String method = draft.contextualizationMethod() != null ? draft.contextualizationMethod()
                : draft.userData() != null ? "user_data" : "none";
        rules.check(draft.name(), draft.sites(), method, draft.userData());
        return store.inTransaction(tx -> {
            var existing = tx.launchConfigurations().byName(owner, draft.name());
            if (existing.isPresent()) {
                return new Saved<>(existing.get(), false);
            }
            if (tx.launchConfigurations().count(owner) >= limits.maxLaunchConfigurationsPerUser()) {
                throw new InvalidInputException(null, "You already have " + limits.maxLaunchConfigurationsPerUser()
                        + " launch configurations, the limit 'max_launch_configurations_per_user'");
            }
            Instant now = clock.instant();
            LaunchConfiguration lc = new LaunchConfiguration(Tokens.randomId(12), owner, draft.name(), draft.sites(),
                    method, draft.userData(), false, now, now);
            try {
                tx.launchConfigurations().insert(lc);
            } catch (DuplicateNameException raced) {
                return new Saved<>(tx.launchConfigurations().byName(owner, draft.name()).orElseThrow(), false);
            }
            return new Saved<>(lc, true);
        });
    }

    /**
     * Merges {@code change} into the stored LC: sites it names are replaced, the others kept; the name
     * cannot change. Domains using the LC are told, so a lowered {@code max_vms} takes effect at once.
     */
    public LaunchConfiguration update(long owner, String id, LaunchConfigurationDraft change) {
        LaunchConfiguration updated = store.inTransaction(tx -> {
            LaunchConfiguration current = tx.launchConfigurations().byId(owner, id).orElseThrow(() -> notFound(id));
            if (change.name() != null && !change.name().equals(current.name())) {
                throw new InvalidInputException("name", "A launch configuration cannot be renamed (it is '"
                        + current.name() + "'); create a new one instead");
            }
            Map<String, SiteLaunchParams> merged = new LinkedHashMap<>(current.sites());
            merged.putAll(change.sites());
            String method = change.contextualizationMethod() != null ? change.contextualizationMethod()
                    : change.userData() != null ? "user_data" : current.contextualizationMethod();
            String userData = change.userData() != null || "none".equals(change.contextualizationMethod())
                    ? change.userData() : current.userData();
            rules.check(current.name(), merged, method, userData);
            LaunchConfiguration next = current.withSites(merged, method, userData, clock.instant());
            tx.launchConfigurations().update(next);
            return next;
        });
        store.domains().idsUsing(owner, updated.name()).forEach(listener::domainChanged);
        return updated;
    }

    public void delete(long owner, String id) {
        store.inTransaction(tx -> {
            LaunchConfiguration lc = tx.launchConfigurations().lockByName(owner,
                    tx.launchConfigurations().byId(owner, id).orElseThrow(() -> notFound(id)).name())
                    .orElseThrow(() -> notFound(id));
            List<String> users = tx.domains().namesUsing(owner, lc.name());
            if (!users.isEmpty()) {
                throw new ConflictException("id", "Launch configuration '" + lc.name()
                        + "' is used by domains " + users + "; delete or change them first");
            }
            tx.launchConfigurations().delete(owner, id);
            return null;
        });
    }

    public LaunchConfiguration get(long owner, String id) {
        return store.launchConfigurations().byId(owner, id).orElseThrow(() -> notFound(id));
    }

    public List<LaunchConfiguration> list(long owner) {
        return store.launchConfigurations().list(owner);
    }

    public List<LaunchConfiguration> listPublished() {
        return store.launchConfigurations().listPublished();
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("Launch configuration " + id + " not found");
    }
}
