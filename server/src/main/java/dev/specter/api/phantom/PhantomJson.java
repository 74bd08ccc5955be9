package dev.specter.api.phantom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specter.activity.Activity;
import dev.specter.api.Json;
import dev.specter.domain.Domain;
import dev.specter.domain.DomainDefinition;
import dev.specter.domain.MetricSettings;
import dev.specter.domain.PolicyCodecs;
import dev.specter.instance.Instance;
import dev.specter.launch.LaunchConfiguration;
import dev.specter.metric.SensorBoard;
import dev.specter.metric.SensorReading;
import dev.specter.user.SiteCredentials;
import dev.specter.site.SiteDefinition;

import java.util.List;
import java.util.Map;

/** The JSON shapes Phantom clients see, in one place. */
final class PhantomJson {
    private final String prefix;
    private final SensorBoard board;

    PhantomJson(String prefix, SensorBoard board) {
        this.prefix = prefix;
        this.board = board;
    }

    String launchConfigurationUri(String id) {
        return prefix + "/launchconfigurations/" + id;
    }

    String domainUri(String id) {
        return prefix + "/domains/" + id;
    }

    String siteUri(String site) {
        return prefix + "/sites/" + site;
    }

    String credentialsUri(String site) {
        return prefix + "/credentials/sites/" + site;
    }

    String sensorUri(String metric) {
        return prefix + "/sensors/" + metric;
    }

    ObjectNode launchConfiguration(LaunchConfiguration lc, String ownerName) {
        ObjectNode o = Json.object();
        o.put("id", lc.id());
        o.put("name", lc.name());
        o.put("owner", ownerName);
        ObjectNode sites = o.putObject("cloud_params");
        lc.sites().forEach((site, p) -> {
            ObjectNode s = sites.putObject(site);
            s.put("image_id", p.imageId());
            s.put("instance_type", p.instanceType());
            s.put("max_vms", p.maxVms());
            s.put("common", p.common());
            s.put("rank", p.rank());
            if (p.userData() != null) {
                s.put("user_data", p.userData());
            }
        });
        o.put("contextualization_method", lc.contextualizationMethod());
        if ("user_data".equals(lc.contextualizationMethod())) {
            o.put("user_data", lc.userData());
        }
        o.put("uri", launchConfigurationUri(lc.id()));
        return o;
    }

    ObjectNode domain(Domain d, String ownerName) {
        ObjectNode o = Json.object();
        o.put("id", d.id());
        definition(o, d.definition());
        o.set("sensor_data", sensorData(board.of(d.id()).domain()));
        o.put("owner", ownerName);
        o.put("uri", domainUri(d.id()));
        return o;
    }

    /** {@code {<metric>: {"series": [...], "average": x}}}; "average" is the domain's statistic, as Phantom named it. */
    private static ObjectNode sensorData(Map<String, SensorReading> readings) {
        ObjectNode o = Json.object();
        readings.forEach((metric, r) -> {
            ObjectNode m = o.putObject(metric);
            ArrayNode series = m.putArray("series");
            r.series().forEach(series::add);
            m.put("average", r.value());
        });
        return o;
    }

    /** The user-settable fields of a domain, as a PUT body carries them. */
    ObjectNode definition(DomainDefinition d) {
        return definition(Json.object(), d);
    }

    private static ObjectNode definition(ObjectNode o, DomainDefinition d) {
        o.put("name", d.name());
        o.put("de_name", d.policy().engineName());
        o.put("lc_name", d.lcName());
        PolicyCodecs.encode(d.policy()).forEach((name, value) -> o.set(name, Json.value(value)));
        o.put("monitor_sensors", String.join(",", d.monitorSensors()));
        o.put("monitor_domain_sensors", String.join(",", d.monitorDomainSensors()));
        MetricSettings m = d.metrics();
        o.put("metric_source", m.source());
        o.put("metric_query", m.query());
        o.put("metric_statistic", m.statistic().label());
        o.put("metric_sample_window", m.sampleWindowSeconds());
        o.put("metric_evaluation_period", m.evaluationPeriodSeconds());
        return o;
    }

    ObjectNode instance(Instance i, String ownerName) {
        ObjectNode o = Json.object();
        o.put("id", i.id());
        o.put("iaas_instance_id", orEmpty(i.iaasId()));
        o.put("lifecycle_state", i.state().label());
        o.put("hostname", orEmpty(i.hostname()));
        o.put("public_ip", orEmpty(i.publicIp()));
        o.put("private_ip", orEmpty(i.privateIp()));
        o.put("cloud", siteUri(i.site()));
        o.put("site", i.site());
        o.put("image_id", orEmpty(i.imageId()));
        o.put("instance_type", orEmpty(i.instanceType()));
        o.put("keyname", orEmpty(i.keyname()));
        o.put("reason", orEmpty(i.reason()));
        o.put("created_at", i.createdAt().toString());
        o.put("state_changed_at", i.stateChangedAt().toString());
        o.set("sensor_data", sensorData(board.of(i.domainId()).instances().getOrDefault(i.id(), Map.of())));
        o.put("owner", ownerName);
        o.put("uri", domainUri(i.domainId()) + "/instances/" + i.id());
        return o;
    }

    ObjectNode site(SiteDefinition s, boolean details) {
        ObjectNode o = Json.object();
        o.put("id", s.name());
        ArrayNode types = o.putArray("instance_types");
        s.instanceTypes().forEach(types::add);
        o.put("credentials", credentialsUri(s.name()));
        o.put("uri", siteUri(s.name()));
        if (details) {
            o.put("type", s.driver());
            o.put("image_generation", false);
            o.putArray("user_images");
            o.putArray("public_images");
        }
        return o;
    }

    ObjectNode credentials(SiteCredentials c, List<String> keyNames) {
        ObjectNode o = Json.object();
        o.put("id", c.site());
        o.put("access_key", c.accessKey());
        o.put("secret_key", "********");
        o.put("key_name", c.keyName());
        o.put("uri", credentialsUri(c.site()));
        if (keyNames != null) {
            ArrayNode names = o.putArray("available_keys");
            keyNames.forEach(names::add);
        }
        return o;
    }

    ObjectNode activity(Activity a) {
        ObjectNode o = Json.object();
        o.put("id", a.id());
        o.put("time", a.at().toString());
        o.put("action", a.action());
        o.put("cause", a.cause());
        o.put("description", a.description());
        o.put("result", a.result());
        o.put("site", a.site());
        o.put("instances", a.instanceCount());
        return o;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
