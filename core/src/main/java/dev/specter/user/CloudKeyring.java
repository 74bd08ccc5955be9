package dev.specter.user;

import dev.specter.cloud.CloudAccount;
import dev.specter.cloud.CloudException;

import java.util.List;

/**
 * Key pairs kept by the clouds themselves, at sites where users call with their own credentials:
 * a key imported there can be named at launch, and the account's keys made outside Specter count too.
 */
public interface CloudKeyring {
    void importKey(CloudAccount account, String name, String publicKey) throws CloudException;

    List<String> names(CloudAccount account) throws CloudException;
}
