package dev.specter.zombie;

import dev.specter.cloud.ObservedVm;
import dev.specter.cloud.SiteSnapshot;
import dev.specter.cloud.VmState;
import dev.specter.instance.Instance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which VMs a describe found are zombies, as a pure function. A VM carrying this installation's tag
 * whose record is missing or already terminal, or that no record can claim (no token, or a second VM
 * for one token), is a zombie: nothing accounts for it, so it is terminated.
 *
 * <p>Checking every VM of every describe would look up every record on the site each round, so a
 * round checks only the VMs that are new or changed state since the previous describe, and every
 * {@link #FULL_CHECK_EVERY}th round (and the first) checks them all: a VM whose record went terminal
 * while the VM stayed as it was is caught then.
 */
public final class ZombieRules {
    /** Every this many describes of an account, every VM is checked, not just new or changed ones. */
    public static final int FULL_CHECK_EVERY = 12;

    private ZombieRules() {
    }

    /**
     * What one describe round must check against the records.
     *
     * @param full       every VM is checked: the caller may compare against all live records of the
     *                   site in one query rather than look each candidate up
     * @param candidates the VMs not terminated that need a live record to be accounted for
     * @param strays     the VMs not terminated that no record can claim: zombies whatever the records say
     */
    public record Check(boolean full, List<ObservedVm> candidates, List<ObservedVm> strays) {
        public Check {
            candidates = List.copyOf(candidates);
            strays = List.copyOf(strays);
        }

        /** The candidates' tokens, which the caller looks up. */
        public List<String> tokens() {
            return candidates.stream().map(ObservedVm::token).toList();
        }
    }

    /** A VM nothing accounts for, and why. */
    public record Zombie(ObservedVm vm, String why) {
    }

    /**
     * @param before the account's previous describe, or null when this is its first
     * @param round  how many describes of the account came before this one
     */
    public static Check check(SiteSnapshot before, SiteSnapshot now, long round) {
        boolean full = before == null || round % FULL_CHECK_EVERY == 0;
        List<ObservedVm> candidates = new ArrayList<>();
        for (ObservedVm vm : now.byToken().values()) {
            ObservedVm old = before == null ? null : before.vm(vm.token());
            boolean changed = old == null || old.state() != vm.state();
            if (vm.state() != VmState.TERMINATED && (full || changed)) {
                candidates.add(vm);
            }
        }
        List<ObservedVm> strays = now.strays().stream().filter(vm -> vm.state() != VmState.TERMINATED).toList();
        return new Check(full, candidates, strays);
    }

    /**
     * The zombies among a round's VMs: its strays, and the candidates without a live record.
     *
     * @param live    tokens known to have a live (non-terminal) record, such as every live record of the
     *                site for a full check; may be empty
     * @param records the records found for candidates not in {@code live}, by id: a live one accounts
     *                for its VM, a terminal one says why its VM is a zombie
     */
    public static List<Zombie> zombies(Check check, Set<String> live, Map<String, Instance> records) {
        List<Zombie> out = new ArrayList<>();
        for (ObservedVm vm : check.strays()) {
            out.add(new Zombie(vm, vm.token() == null ? "it has no instance token"
                    : "another VM already holds its token " + vm.token()));
        }
        for (ObservedVm vm : check.candidates()) {
            Instance record = records.get(vm.token());
            if (live.contains(vm.token()) || record != null && !record.state().terminal()) {
                continue;
            }
            out.add(new Zombie(vm, record == null ? "no record of it" : "its record is " + record.state().label()));
        }
        return out;
    }
}
