package dev.specter.reconcile;

import dev.specter.engine.Plan;

import java.util.List;
import java.util.Optional;

/**
 * A standing condition that keeps a domain from its desired size. It is recorded as an activity
 * when it arises, not on every pass while it stands; each kind is remembered on its own
 * ({@link DomainMemory#noticed}), so one never hides another, and it is recorded again when it
 * ends and comes back, or changes (other sites, another target).
 *
 * @param key what makes two notices of a kind the same one
 */
record Notice(Kind kind, String key, String action, String cause, String description) {
    enum Kind { LAUNCH_CONFIGURATION_MISSING, UNUSABLE_SITES, SHORTFALL }

    static Notice launchConfigurationMissing(String lcName) {
        return new Notice(Kind.LAUNCH_CONFIGURATION_MISSING, lcName, "configuration",
                "launch configuration '" + lcName + "' not found",
                "no VMs are launched until the domain names an existing launch configuration");
    }

    static Optional<Notice> unusableSites(List<String> sites) {
        return sites.isEmpty() ? Optional.empty() : Optional.of(new Notice(Kind.UNUSABLE_SITES, sites.toString(),
                "configuration", "no usable account at " + sites, "register credentials for " + sites
                + " (POST /credentials/sites) or the site is not configured; those sites are skipped"));
    }

    static Optional<Notice> shortfall(Plan plan) {
        return plan.shortfall() == 0 ? Optional.empty() : Optional.of(new Notice(Kind.SHORTFALL,
                String.valueOf(plan.target()), "insufficient_capacity", plan.why(), plan.shortfall()
                + " more VMs are wanted but every site is full or out of service; retrying as capacity frees"));
    }
}
