package dev.specter.cloud;

import java.util.List;

/**
 * One site's IaaS API. Implementations translate and classify; rate limits, retries and timeouts
 * are applied around them by {@link CloudGateway}, not inside.
 */
public interface CloudDriver {
    /**
     * Launches all VMs of the batch in as few calls as the cloud allows (one, ideally). Idempotent per
     * VM token: a VM whose token was already launched is returned, not launched again.
     *
     * @return the VMs the cloud accepted; a VM missing from the result was refused (see {@link LaunchResult#refused})
     */
    LaunchResult launch(CloudAccount account, LaunchBatch batch) throws CloudException;

    /** Terminates the VMs; unknown or already terminated ids are not an error. */
    void terminate(CloudAccount account, List<String> iaasIds) throws CloudException;

    /**
     * Every VM of this Specter installation the account can see at the site, paginated as the cloud
     * requires (one call per page, never one per VM), terminated ones included while the cloud still
     * reports them.
     */
    List<ObservedVm> describe(CloudAccount account, String installation) throws CloudException;

    /** Imports an SSH public key under {@code name}; an existing key of that name is replaced. */
    void importKeyPair(CloudAccount account, String name, String publicKey) throws CloudException;

    /** Key pair names the account has at the site. */
    List<String> keyPairs(CloudAccount account) throws CloudException;
}
