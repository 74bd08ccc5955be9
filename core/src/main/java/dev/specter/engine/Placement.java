package dev.specter.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The multicloud placement rule (SPEC 4.1), shared by every engine once it has chosen a size:
 * <ul>
 *   <li>a site holding more than its {@code max_vms} sheds the excess;</li>
 *   <li>scale down removes from the worst-ranked site first (sites no longer in the launch
 *       configuration count as worst); within a site VMs not yet RUNNING go first, then the newest;</li>
 *   <li>scale up fills the best-ranked available site up to its {@code max_vms}, then the next;
 *       what fits nowhere is the shortfall.</li>
 * </ul>
 * Existing VMs are never moved to a better site. Deterministic: ties break on creation time, then id.
 */
public final class Placement {
    /** Who leaves first within a site: not yet RUNNING, then newest. */
    static final Comparator<Member> LEAVE_ORDER = Comparator
            .comparing((Member m) -> !m.state().beforeRunning())
            .thenComparing(Member::createdAt, Comparator.reverseOrder())
            .thenComparing(Member::instanceId, Comparator.reverseOrder());

    private Placement() {
    }

    public static Plan plan(DomainView view, int target, String why) {
        Map<String, SiteSlot> slots = new LinkedHashMap<>();
        view.sites().stream().sorted(Comparator.comparingInt(SiteSlot::rank)).forEach(s -> slots.put(s.site(), s));

        Map<String, List<Member>> bySite = new HashMap<>();
        for (Member m : view.members()) {
            bySite.computeIfAbsent(m.site(), k -> new ArrayList<>()).add(m);
        }
        bySite.values().forEach(l -> l.sort(LEAVE_ORDER));

        List<Plan.Termination> terminations = new ArrayList<>();
        // 1. sites over their max_vms shed the excess
        for (SiteSlot s : slots.values()) {
            List<Member> here = bySite.getOrDefault(s.site(), List.of());
            if (!s.unlimited() && here.size() > s.maxVms()) {
                int excess = here.size() - s.maxVms();
                for (int i = 0; i < excess; i++) {
                    terminations.add(leave(here.removeFirst(), "site " + s.site() + " holds more than its max_vms of "
                            + s.maxVms()));
                }
            }
        }
        int total = bySite.values().stream().mapToInt(List::size).sum();

        // 2. scale down, worst site first; sites outside the launch configuration are the worst
        if (total > target) {
            int remove = total - target;
            List<String> worstFirst = new ArrayList<>();
            bySite.keySet().stream().filter(site -> !slots.containsKey(site)).sorted().forEach(worstFirst::add);
            List<String> ranked = new ArrayList<>(slots.keySet());
            java.util.Collections.reverse(ranked);
            worstFirst.addAll(ranked);
            for (String site : worstFirst) {
                List<Member> here = bySite.getOrDefault(site, List.of());
                while (remove > 0 && !here.isEmpty()) {
                    terminations.add(leave(here.removeFirst(), "scaling down to " + target));
                    remove--;
                }
            }
            return new Plan(target, List.of(), terminations, 0, why);
        }

        // 3. scale up, best available site first
        int need = target - total;
        List<Plan.Launch> launches = new ArrayList<>();
        for (SiteSlot s : slots.values()) {
            if (need == 0) {
                break;
            }
            if (!s.available()) {
                continue;
            }
            int current = bySite.getOrDefault(s.site(), List.of()).size();
            int room = s.unlimited() ? need : Math.max(0, s.maxVms() - current);
            int n = Math.min(room, need);
            if (n > 0) {
                launches.add(new Plan.Launch(s.site(), n));
                need -= n;
            }
        }
        return new Plan(target, launches, terminations, need, why);
    }

    private static Plan.Termination leave(Member m, String reason) {
        return new Plan.Termination(m.instanceId(), m.site(), reason);
    }
}
