package dev.specter.store;

import dev.specter.launch.LaunchConfiguration;

import java.util.List;
import java.util.Optional;

public interface LaunchConfigurationStore {
    /** @throws DuplicateNameException when the owner already has an LC of that name */
    void insert(LaunchConfiguration lc);

    Optional<LaunchConfiguration> byId(long owner, String id);

    Optional<LaunchConfiguration> byName(long owner, String name);

    /** Like {@link #byName} but locks the row until the transaction ends (domains referring to it vs. delete). */
    Optional<LaunchConfiguration> lockByName(long owner, String name);

    List<LaunchConfiguration> list(long owner);

    List<LaunchConfiguration> listPublished();

    int count(long owner);

    void update(LaunchConfiguration lc);

    boolean delete(long owner, String id);

    /** Marks an LC as published (listed to everyone) or not; false when there is no such LC. */
    boolean setPublished(long owner, String name, boolean published);
}
