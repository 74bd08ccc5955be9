package dev.specter.metric.prometheus;

import dev.specter.metric.Statistic;
import dev.specter.metric.prometheus.PrometheusTemplate.Placeholder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusTemplateTest {
    private static Map<Placeholder, String> values(String... pairs) {
        Map<Placeholder, String> m = new EnumMap<>(Placeholder.class);
        m.put(Placeholder.METRIC, "node_load1");
        m.put(Placeholder.WINDOW, "90s");
        m.put(Placeholder.FN, "avg");
        m.put(Placeholder.DOMAIN_ID, "d-1");
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(Placeholder.named(pairs[i]), pairs[i + 1]);
        }
        return m;
    }

    private static String render(String template, String... pairs) {
        Map<Placeholder, String> v = values(pairs);
        return PrometheusTemplate.compile(template).render(v::get).query();
    }

    @Test
    void theDefaultsWithEveryPlaceholderWrittenIn() {
        assertThat(render(PrometheusSettings.DEFAULT_INSTANCE_QUERY, "private_ip", "10.0.0.1"))
                .isEqualTo("avg_over_time(node_load1{instance=~\"10\\\\.0\\\\.0\\\\.1(:[0-9]+)?\"}[90s])");
        assertThat(render(PrometheusSettings.DEFAULT_DOMAIN_QUERY))
                .isEqualTo("avg_over_time(node_load1{specter_domain=\"d-1\"}[90s])");
        assertThat(render("{metric}|{window}|{fn}|\"{instance_id}|{iaas_id}|{hostname}|{public_ip}|{private_ip}"
                        + "|{site}|{domain_id}\"", "instance_id", "i-1", "iaas_id", "ami", "hostname", "h",
                "public_ip", "1.2.3.4", "private_ip", "10.0.0.1", "site", "eu"))
                .isEqualTo("node_load1|90s|avg|\"i-1|ami|h|1.2.3.4|10.0.0.1|eu|d-1\"");
    }

    @Test
    void valuesInStringLiteralsAreEscapedForTheirQuote() {
        assertThat(render("up{host=\"{hostname}\"}", "hostname", "a\"b\\c")).isEqualTo("up{host=\"a\\\"b\\\\c\"}");
        assertThat(render("up{host='{hostname}'}", "hostname", "it's\\")).isEqualTo("up{host='it\\'s\\\\'}");
        // a quote escaped in the template does not end the literal
        assertThat(render("up{host=\"x\\\"{hostname}\"}", "hostname", "\"")).isEqualTo("up{host=\"x\\\"\\\"\"}");
        assertThat(render("up{host=`{hostname}`}", "hostname", "a\"b")).isEqualTo("up{host=`a\"b`}");
    }

    @Test
    void valuesInRegexMatchersMatchOnlyThemselves() {
        assertThat(render("up{vm !~ \"{iaas_id}\"}", "iaas_id", "i-a.b*")).isEqualTo("up{vm !~ \"i-a\\\\.b\\\\*\"}");
        assertThat(render("up{vm=~`{iaas_id}`}", "iaas_id", "a.b")).isEqualTo("up{vm=~`a\\.b`}");
        assertThat(render("up{vm=\"{iaas_id}\"}", "iaas_id", "a.b")).isEqualTo("up{vm=\"a.b\"}");
    }

    @Test
    void bracesThatAreNotPlaceholdersArePromQlsOwn() {
        assertThat(render("sum by (vm) ({metric}{job=\"x\"}) + {unknown} + {Metric}"))
                .isEqualTo("sum by (vm) (node_load1{job=\"x\"}) + {unknown} + {Metric}");
    }

    @Test
    void aValueThatWouldChangeTheQueryMakesNoQuery() {
        PrometheusTemplate t = PrometheusTemplate.compile("{fn}_over_time({metric}[{window}])");
        Map<Placeholder, String> v = values("metric", "up or vector(1)");
        PrometheusTemplate.Rendered r = t.render(v::get);
        assertThat(r.query()).isNull();
        assertThat(r.problem()).contains("{metric}", "up or vector(1)");
        assertThat(render("up{vm=`{iaas_id}`}", "iaas_id", "a`b")).isNull();
        assertThat(render("up{vm=\"{iaas_id}\"}", "iaas_id", "a\nb")).isNull();
    }

    @Test
    void aMissingValueMakesNoQuery() {
        PrometheusTemplate t = PrometheusTemplate.compile(PrometheusSettings.DEFAULT_INSTANCE_QUERY);
        Map<Placeholder, String> v = values();
        PrometheusTemplate.Rendered r = t.render(v::get);
        assertThat(r.query()).isNull();
        assertThat(r.problem()).contains("{private_ip}");
    }

    @Test
    void windowsAndFunctions() {
        assertThat(PrometheusTemplate.duration(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(PrometheusTemplate.duration(Duration.ofMinutes(5))).isEqualTo("300s");
        assertThat(PrometheusTemplate.duration(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(PrometheusTemplate.fn(Statistic.AVERAGE)).isEqualTo("avg");
        assertThat(PrometheusTemplate.fn(Statistic.MAXIMUM)).isEqualTo("max");
        assertThat(PrometheusTemplate.fn(Statistic.MINIMUM)).isEqualTo("min");
    }
}
