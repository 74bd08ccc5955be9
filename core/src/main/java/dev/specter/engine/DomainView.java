package dev.specter.engine;

import dev.specter.domain.ScalingPolicy;

import java.util.List;

/**
 * Everything an engine may look at for one domain.
 *
 * @param sites   the launch configuration's sites, best rank first
 * @param members the healthy instances (REQUESTING to RUNNING) that are not being terminated
 */
public record DomainView(String domainId, ScalingPolicy policy, List<SiteSlot> sites, List<Member> members) {
    public DomainView {
        sites = List.copyOf(sites);
        members = List.copyOf(members);
    }
}
