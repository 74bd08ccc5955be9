package dev.specter.instance;

import java.time.Instant;

/**
 * One VM of a domain on one site, as Specter records it.
 *
 * @param id        Specter's id; also the idempotency token sent to the cloud
 * @param batchId   the launch batch this VM went out in; a retried launch re-sends the same batch
 * @param iaasId    the cloud's id, null until the cloud assigned one
 * @param reason    why the instance is in its current state
 * @param missingSince when the cloud stopped reporting a VM it had reported; null while it is seen
 * @param endState  the terminal state a TERMINATING instance moves to (TERMINATED, or FAILED when it
 *                  is being terminated because it failed)
 * @param terminationRequested a user asked for this VM to go (DELETE .../instances/id); written by
 *                  the API, acted on by the control loop
 */
public record Instance(String id, String domainId, long owner, String site, String batchId, LifecycleState state,
                       String iaasId, String imageId, String instanceType, String keyname, String userData,
                       String hostname, String publicIp, String privateIp, String reason, Instant createdAt,
                       Instant stateChangedAt, Instant missingSince, LifecycleState endState,
                       boolean terminationRequested) {
    /** instances.reason is varchar(2048); a longer reason (cloud messages are quoted in it) is clipped. */
    public static final int MAX_REASON_LENGTH = 2048;

    /** A VM about to be launched: the write-ahead record, stored before the cloud is called. */
    public static Instance requesting(String id, String domainId, long owner, String site, String batchId,
                                      String imageId, String instanceType, String keyname, String userData,
                                      String reason, Instant now) {
        return new Instance(id, domainId, owner, site, batchId, LifecycleState.REQUESTING, null, imageId,
                instanceType, keyname, userData, null, null, null, reason, now, now, null, null, false);
    }

    public Instance moveTo(LifecycleState next, String why, Instant now) {
        return new Instance(id, domainId, owner, site, batchId, next, iaasId, imageId, instanceType, keyname,
                userData, hostname, publicIp, privateIp, why, createdAt, now, missingSince, endState, terminationRequested);
    }

    public Instance terminating(LifecycleState finalState, String why, Instant now) {
        return new Instance(id, domainId, owner, site, batchId, LifecycleState.TERMINATING, iaasId, imageId,
                instanceType, keyname, userData, hostname, publicIp, privateIp, why, createdAt, now, missingSince,
                finalState, terminationRequested);
    }

    public Instance withCloudFacts(String cloudId, String host, String publicAddress, String privateAddress) {
        return new Instance(id, domainId, owner, site, batchId, state, cloudId, imageId, instanceType, keyname,
                userData, host, publicAddress, privateAddress, reason, createdAt, stateChangedAt, missingSince,
                endState, terminationRequested);
    }

    public Instance withMissingSince(Instant since) {
        return new Instance(id, domainId, owner, site, batchId, state, iaasId, imageId, instanceType, keyname,
                userData, hostname, publicIp, privateIp, reason, createdAt, stateChangedAt, since, endState,
                terminationRequested);
    }
}
