package dev.specter.testing.memory;

import dev.specter.activity.Activity;
import dev.specter.store.ActivityStore;
import dev.specter.validation.Text;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.specter.testing.memory.Tables.ms;

record InMemoryActivityStore(InMemoryStore db) implements ActivityStore {
    @Override
    public Activity append(Activity a) {
        return db.write(t -> {
            t.requireDomain(a.domainId());
            Activity stored = new Activity(++t.lastActivityId, a.domainId(), a.owner(), ms(a.at()), a.action(),
                    Text.clip(a.cause(), Activity.MAX_CAUSE_LENGTH),
                    Text.clip(a.description(), Activity.MAX_DESCRIPTION_LENGTH), a.result(), a.site(),
                    a.instanceCount());
            t.activities.put(stored.id(), stored);
            return stored;
        });
    }

    @Override
    public List<Activity> list(String domainId, long beforeId, int limit) {
        return db.read(t -> (beforeId == 0 ? t.activities : t.activities.headMap(beforeId, false)).descendingMap()
                .values().stream().filter(a -> a.domainId().equals(domainId)).limit(limit).toList());
    }

    @Override
    public int purgeBefore(Instant before, int limit) {
        return db.write(t -> remove(t, t.activities.values().stream().filter(a -> a.at().isBefore(before))
                .sorted(Comparator.comparing(Activity::at)).limit(limit)));
    }

    @Override
    public long oldestKept(String domainId, int keep) {
        return list(domainId, 0, keep).stream().skip(keep - 1).findFirst().map(Activity::id).orElse(0L);
    }

    @Override
    public int purgeDomainBefore(String domainId, long beforeId, int limit) {
        return db.write(t -> remove(t, t.activities.headMap(beforeId, false).values().stream()
                .filter(a -> a.domainId().equals(domainId)).limit(limit)));
    }

    @Override
    public long newestId() {
        return db.read(t -> t.activities.isEmpty() ? 0L : t.activities.lastKey());
    }

    @Override
    public Set<String> domainsAppendedAfter(long afterId) {
        return db.read(t -> t.activities.tailMap(afterId, false).values().stream().map(Activity::domainId)
                .collect(Collectors.toSet()));
    }

    private static int remove(Tables t, Stream<Activity> rows) {
        List<Long> ids = rows.map(Activity::id).toList();
        ids.forEach(t.activities::remove);
        return ids.size();
    }
}
