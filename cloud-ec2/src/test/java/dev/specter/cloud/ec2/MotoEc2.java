package dev.specter.cloud.ec2;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Tag;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What an EC2-compatible endpoint holds, read directly, bypassing Specter's driver: the tests' ground truth. */
public final class MotoEc2 {
    private MotoEc2() {
    }

    /** Every instance the endpoint reports, terminated ones included. */
    public static List<Instance> instances(URI endpoint) {
        try (Ec2Client raw = Ec2Client.builder().region(Region.US_EAST_1).endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("inspector", "x")))
                .httpClientBuilder(Apache5HttpClient.builder()).build()) {
            return raw.describeInstancesPaginator(r -> r.maxResults(1000)).reservations().stream()
                    .flatMap(r -> r.instances().stream()).toList();
        }
    }

    /** Instances neither terminated nor on their way to it. */
    public static List<Instance> live(URI endpoint) {
        return instances(endpoint).stream().filter(i -> i.state().name() != InstanceStateName.TERMINATED
                && i.state().name() != InstanceStateName.SHUTTING_DOWN).toList();
    }

    public static Map<String, String> tags(Instance i) {
        return i.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }
}
