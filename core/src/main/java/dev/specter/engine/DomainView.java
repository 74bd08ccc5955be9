package dev.specter.engine;

import dev.specter.domain.ScalingPolicy;

import java.util.List;

/**
 * Everything an engine may look at for one domain.
 *
 * @param sites   the launch configuration's sites, best rank first
 * @param members  the healthy instances (REQUESTING to RUNNING) that are not being terminated
 * @param state    what a metric-driven engine remembered from earlier passes
 * @param observed the metric's readings when an evaluation is due in this pass, else null
 */
public record DomainView(String domainId, ScalingPolicy policy, List<SiteSlot> sites, List<Member> members,
                         ScalingState state, MetricObservation observed) {
    public DomainView {
        sites = List.copyOf(sites);
        members = List.copyOf(members);
    }

    /** A view without metric state or readings (the multicloud engine needs neither). */
    public DomainView(String domainId, ScalingPolicy policy, List<SiteSlot> sites, List<Member> members) {
        this(domainId, policy, sites, members, ScalingState.NONE, null);
    }
}
