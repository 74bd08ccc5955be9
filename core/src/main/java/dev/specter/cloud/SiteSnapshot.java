package dev.specter.cloud;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer of one describe of an account at a site.
 *
 * @param startedAt when the describe call was sent: the snapshot reflects everything the cloud had
 *                  done before that moment
 */
public record SiteSnapshot(Instant startedAt, Map<String, ObservedVm> byToken) {
    public SiteSnapshot {
        byToken = Map.copyOf(byToken);
    }

    public static SiteSnapshot of(Instant startedAt, List<ObservedVm> vms) {
        Map<String, ObservedVm> m = new HashMap<>();
        for (ObservedVm vm : vms) {
            if (vm.token() != null) {
                // a token maps to one VM; should a cloud ever show two, keep the live one
                m.merge(vm.token(), vm, (a, b) -> a.state().gone() ? b : a);
            }
        }
        return new SiteSnapshot(startedAt, m);
    }

    public ObservedVm vm(String token) {
        return byToken.get(token);
    }
}
