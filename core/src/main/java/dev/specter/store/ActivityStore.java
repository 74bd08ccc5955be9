package dev.specter.store;

import dev.specter.activity.Activity;

import java.util.List;

public interface ActivityStore {
    /** Appends and returns the activity with its assigned id. */
    Activity append(Activity activity);

    /** The domain's newest activities first, at most {@code limit}, with ids below {@code beforeId} (0 = newest). */
    List<Activity> list(String domainId, long beforeId, int limit);
}
