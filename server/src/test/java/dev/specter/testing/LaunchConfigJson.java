package dev.specter.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specter.api.Json;

/**
 * The body of {@code POST /launchconfigurations} as Phantom clients send it: per site an image, an
 * instance type, a VM limit ({@code -1}: none) and a rank. Sites boot {@code img} as {@code m1.small}
 * unless told otherwise.
 */
public final class LaunchConfigJson {
    private final ObjectNode body = Json.MAPPER.createObjectNode();
    private final ObjectNode sites;
    private String imageId = "img";

    private LaunchConfigJson(String name) {
        body.put("name", name);
        sites = body.putObject("cloud_params");
    }

    public static LaunchConfigJson named(String name) {
        return new LaunchConfigJson(name);
    }

    /** The image of the sites given from now on (a real cloud knows only its own images). */
    public LaunchConfigJson withImage(String image) {
        this.imageId = image;
        return this;
    }

    /** Site {@code site} boots the image as {@code m1.small}, at most {@code maxVms} of them. */
    public LaunchConfigJson site(String site, int maxVms, int rank) {
        return site(site, maxVms, rank, imageId, "m1.small");
    }

    public LaunchConfigJson site(String site, int maxVms, int rank, String imageId, String instanceType) {
        sites.putObject(site).put("image_id", imageId).put("instance_type", instanceType).put("max_vms", maxVms)
                .put("common", true).put("rank", rank);
        return this;
    }

    /** The user data of every site given so far (the simulator reads its synthetic load from it). */
    public LaunchConfigJson userData(String userData) {
        sites.properties().forEach(site -> ((ObjectNode) site.getValue()).put("user_data", userData));
        return this;
    }

    public String name() {
        return body.get("name").asText();
    }

    public String json() {
        return body.toString();
    }

    /** Creates it as {@code c}'s user; fails unless the server answers 201. */
    public Client.Reply createWith(Client c) {
        Client.Reply r = c.post("/launchconfigurations", json());
        if (r.status() != 201) {
            throw new AssertionError("creating launch configuration " + body.get("name") + ": " + r);
        }
        return r;
    }
}
