package dev.specter.metric.push;

import dev.specter.domain.Domain;
import dev.specter.domain.DomainRules;
import dev.specter.instance.Instance;
import dev.specter.metric.Sample;
import dev.specter.store.MetricSampleStore;
import dev.specter.store.Store;
import dev.specter.validation.Text;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Takes readings pushed to {@code POST /sensors/data}: each entry is judged on its own; the good
 * ones are stored in one commit, readings for terminated instances are ignored, and every other
 * problem rejects that entry only, with the reason.
 */
public final class MetricIntake {
    /** How far ahead of this server's clock a reading's time may be (clocks drift). */
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    public static final int MAX_ENTRIES = 1000;

    /** One entry as sent; {@code time} is null when the sender gave none (now). */
    public record Entry(int index, String metric, double value, String instance, String domain, Instant time) {
    }

    public record Problem(int index, String error) {
    }

    public record Result(int accepted, List<Problem> ignored, List<Problem> rejected) {
    }

    private final Store store;
    private final InstantSource clock;
    private final Duration retention;

    public MetricIntake(Store store, InstantSource clock, Duration retention) {
        this.store = store;
        this.clock = clock;
        this.retention = retention;
    }

    /** @param rejected entries the caller could not even read (wrong types), rejected as they are */
    public Result accept(long owner, List<Entry> entries, List<Problem> rejected) {
        Instant now = clock.instant();
        Set<String> refs = new LinkedHashSet<>();
        entries.forEach(e -> {
            if (e.instance() != null) {
                refs.add(e.instance());
            }
        });
        Map<String, Instance> byRef = new HashMap<>();
        for (Instance i : store.instances().ofOwner(owner, refs)) {
            byRef.put(i.id(), i);
            if (i.iaasId() != null) {
                byRef.putIfAbsent(i.iaasId(), i);
            }
        }
        Map<String, Optional<Domain>> domains = new HashMap<>();
        List<MetricSampleStore.Pushed> good = new ArrayList<>();
        List<Problem> ignored = new ArrayList<>();
        List<Problem> bad = new ArrayList<>(rejected);
        for (Entry e : entries) {
            String error = check(e, now);
            if (error != null) {
                bad.add(new Problem(e.index(), error));
                continue;
            }
            Instant at = e.time() == null ? now : e.time();
            String subject;
            if (e.instance() != null) {
                Instance i = byRef.get(e.instance());
                if (i == null) {
                    bad.add(new Problem(e.index(), "you have no instance '" + e.instance() + "'"));
                    continue;
                }
                if (i.state().terminal()) {
                    ignored.add(new Problem(e.index(), "instance '" + e.instance() + "' is " + i.state().label()));
                    continue;
                }
                subject = i.id();
            } else {
                Optional<Domain> d = domains.computeIfAbsent(e.domain(), id -> store.domains().byId(owner, id));
                if (d.isEmpty()) {
                    bad.add(new Problem(e.index(), "you have no domain '" + e.domain() + "'"));
                    continue;
                }
                subject = MetricSampleStore.domainSubject(d.get().id());
            }
            good.add(new MetricSampleStore.Pushed(owner, subject, e.metric(), new Sample(at, e.value())));
        }
        store.metricSamples().insertAll(good);
        bad.sort(java.util.Comparator.comparingInt(Problem::index));
        return new Result(good.size(), ignored, bad);
    }

    private String check(Entry e, Instant now) {
        if (e.metric() == null || e.metric().isBlank() || Text.length(e.metric()) > DomainRules.MAX_METRIC_LENGTH) {
            return "'metric' must be 1 to " + DomainRules.MAX_METRIC_LENGTH + " characters";
        }
        if (!Double.isFinite(e.value())) {
            return "'value' must be a finite number";
        }
        if ((e.instance() == null) == (e.domain() == null)) {
            return "give either 'instance' or 'domain'";
        }
        if (e.time() != null && (e.time().isBefore(now.minus(retention)) || e.time().isAfter(now.plus(MAX_CLOCK_SKEW)))) {
            return "'time' " + e.time() + " is outside the accepted range: the last " + retention.toMinutes()
                    + " minutes up to " + MAX_CLOCK_SKEW.toMinutes() + " minutes ahead";
        }
        return null;
    }
}
