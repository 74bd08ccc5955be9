package dev.specter.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Whether a domain has reached its size, and what it runs, as its owner sees it through the API. */
public final class Convergence {
    private static final String RUNNING = "600-RUNNING";

    private Convergence() {
    }

    /** Exactly {@code n} RUNNING and nothing else alive (terminal records are history). */
    public static boolean converged(Client c, String domainId, int n) {
        return converged(c, domainId, n, null);
    }

    /**
     * Like {@link #converged(Client, String, int)}, and fails at once when an instance has been below
     * RUNNING longer than {@code stuckAfter} (a boot timeout the server should have acted on).
     */
    public static boolean converged(Client c, String domainId, int n, Duration stuckAfter) {
        Client.Reply r = c.get("/domains/" + domainId + "/instances");
        if (r.status() != 200) {
            return false;
        }
        int running = 0;
        for (JsonNode i : r.json()) {
            String s = i.get("lifecycle_state").asText();
            if (s.equals(RUNNING)) {
                running++;
            } else if (!terminal(s)) {
                if (stuckAfter != null) {
                    assertThat(Instant.parse(i.get("created_at").asText())).as("instance stuck in " + s + ": " + i)
                            .isAfter(Instant.now().minus(stuckAfter));
                }
                return false;
            }
        }
        return running == n;
    }

    /** The domain's RUNNING instances. */
    public static List<JsonNode> running(Client c, String domainId) {
        List<JsonNode> out = new ArrayList<>();
        c.get("/domains/" + domainId + "/instances").json().forEach(i -> {
            if (i.get("lifecycle_state").asText().equals(RUNNING)) {
                out.add(i);
            }
        });
        return out;
    }

    /** How many of the domain's instances are RUNNING on each site. */
    public static Map<String, Integer> runningBySite(Client c, String domainId) {
        Map<String, Integer> out = new TreeMap<>();
        running(c, domainId).forEach(i -> out.merge(i.get("site").asText(), 1, Integer::sum));
        return out;
    }

    /** How many of the domain's instances are not terminated yet, whatever their state. */
    public static int live(Client c, String domainId) {
        int n = 0;
        for (JsonNode i : c.get("/domains/" + domainId + "/instances").json()) {
            n += terminal(i.get("lifecycle_state").asText()) ? 0 : 1;
        }
        return n;
    }

    /** 800-TERMINATED and above: what remains of an instance once it is gone. */
    private static boolean terminal(String state) {
        return state.startsWith("8") || state.startsWith("9");
    }
}
