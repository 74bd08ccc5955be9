package dev.specter.engine;

/**
 * One site of the domain's launch configuration, as the engine sees it.
 *
 * @param maxVms    -1 for unlimited
 * @param available false while the site is backed off (or unusable, e.g. no credentials): no new
 *                  VMs go there, existing ones stay
 */
public record SiteSlot(String site, int rank, int maxVms, boolean available) {
    public boolean unlimited() {
        return maxVms < 0;
    }
}
