package dev.specter.metric;

/**
 * An instance whose metric is wanted, with what sources identify it by: Specter's id, the cloud's
 * id and its addresses (a Prometheus query template or a CloudWatch dimension picks one).
 * Fields the cloud has not assigned yet are null.
 */
public record MetricSubject(String instanceId, String site, String iaasId, String hostname, String publicIp,
                            String privateIp) {
}
