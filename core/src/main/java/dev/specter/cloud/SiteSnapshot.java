package dev.specter.cloud;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer of one describe of an account at a site.
 *
 * @param startedAt when the describe call was sent: the snapshot reflects everything the cloud had
 *                  done before that moment
 * @param byToken   the VM of each Specter instance id
 * @param strays    VMs of this installation that no instance can claim: without a token, or a
 *                  second live VM for a token already held by another (a double launch). Nothing
 *                  accounts for them, so they are terminated as zombies.
 */
public record SiteSnapshot(Instant startedAt, Map<String, ObservedVm> byToken, List<ObservedVm> strays) {
    public SiteSnapshot {
        byToken = Map.copyOf(byToken);
        strays = List.copyOf(strays);
    }

    public static SiteSnapshot of(Instant startedAt, List<ObservedVm> vms) {
        Map<String, ObservedVm> m = new HashMap<>();
        List<ObservedVm> strays = new ArrayList<>();
        for (ObservedVm vm : vms) {
            if (vm.token() == null) {
                strays.add(vm);
                continue;
            }
            ObservedVm other = m.get(vm.token());
            if (other == null) {
                m.put(vm.token(), vm);
            } else if (other.state().gone()) {
                m.put(vm.token(), vm);
            } else if (!vm.state().gone()) {
                strays.add(vm);
            }
        }
        return new SiteSnapshot(startedAt, m, strays);
    }

    public ObservedVm vm(String token) {
        return byToken.get(token);
    }
}
