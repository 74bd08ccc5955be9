package dev.specter.store.sql;

import dev.specter.metric.Sample;
import dev.specter.store.MetricSampleStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

final class SqlMetricSampleStore implements MetricSampleStore {
    private final HandleScope db;

    SqlMetricSampleStore(HandleScope db) {
        this.db = db;
    }

    @Override
    public void insertAll(List<Pushed> samples) {
        if (samples.isEmpty()) {
            return;
        }
        db.write(h -> {
            var batch = h.prepareBatch("insert into metric_samples (owner, subject, metric, sampled_at, reading) "
                    + "values (:o, :s, :m, :t, :v)");
            for (Pushed p : samples) {
                batch.bind("o", p.owner()).bind("s", p.subject()).bind("m", p.metric())
                        .bind("t", p.sample().time().toEpochMilli()).bind("v", p.sample().value()).add();
            }
            return batch.execute();
        });
    }

    @Override
    public Map<String, List<Sample>> read(String metric, Collection<String> subjects, Instant from, Instant to) {
        Map<String, List<Sample>> out = new LinkedHashMap<>();
        List<String> all = List.copyOf(subjects);
        for (int start = 0; start < all.size(); start += 500) {
            List<String> chunk = all.subList(start, Math.min(all.size(), start + 500));
            db.read(h -> h.createQuery("select subject, sampled_at, reading from metric_samples where metric = :m "
                            + "and subject in (<s>) and sampled_at >= :f and sampled_at <= :t order by sampled_at")
                    .bind("m", metric).bindList("s", chunk).bind("f", from.toEpochMilli()).bind("t", to.toEpochMilli())
                    .map((rs, ctx) -> out.computeIfAbsent(rs.getString("subject"), k -> new ArrayList<>())
                            .add(new Sample(Instant.ofEpochMilli(rs.getLong("sampled_at")), rs.getDouble("reading"))))
                    .list());
        }
        return out;
    }

    @Override
    public Set<String> metrics(long owner) {
        return db.read(h -> new HashSet<>(h.createQuery("select distinct metric from metric_samples where owner = :o")
                .bind("o", owner).mapTo(String.class).list()));
    }

    @Override
    public int purge(Instant before) {
        return db.write(h -> h.createUpdate("delete from metric_samples where sampled_at < :b")
                .bind("b", before.toEpochMilli()).execute());
    }
}
