package dev.specter.cloud;

import dev.specter.validation.Text;

import java.util.Map;

/**
 * A VM as a cloud reported it.
 *
 * @param token the Specter instance id the VM was launched for, or null when the VM carries no
 *              Specter ownership tags
 */
public record ObservedVm(String token, String iaasId, VmState state, String hostname, String publicIp,
                         String privateIp, Map<String, String> tags) {
    /**
     * The most of each fact an instance record holds (instances.iaas_id, hostname, public_ip and
     * private_ip); an EC2-compatible cloud may report more, see {@link CloudGateway}.
     */
    public static final int MAX_IAAS_ID_LENGTH = 256;
    public static final int MAX_HOSTNAME_LENGTH = 1024;
    public static final int MAX_ADDRESS_LENGTH = 64;

    public ObservedVm {
        tags = Map.copyOf(tags);
    }

    public String tag(String key) {
        return tags.get(key);
    }

    /** Whether the cloud's id fits an instance record; an id is never clipped (cut, it names another VM). */
    boolean recordable() {
        return Text.fits(iaasId, MAX_IAAS_ID_LENGTH);
    }

    /** These facts with hostname and addresses clipped to what an instance record holds. */
    ObservedVm clipped() {
        if (Text.fits(hostname, MAX_HOSTNAME_LENGTH) && Text.fits(publicIp, MAX_ADDRESS_LENGTH)
                && Text.fits(privateIp, MAX_ADDRESS_LENGTH)) {
            return this; // as nearly always: no copy per VM per describe
        }
        return new ObservedVm(token, iaasId, state, Text.clip(hostname, MAX_HOSTNAME_LENGTH),
                Text.clip(publicIp, MAX_ADDRESS_LENGTH), Text.clip(privateIp, MAX_ADDRESS_LENGTH), tags);
    }

    /** This VM as one no instance can claim: a stray, terminated as a zombie. */
    ObservedVm withoutToken() {
        return new ObservedVm(null, iaasId, state, hostname, publicIp, privateIp, tags);
    }
}
