package dev.specter.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Whether a domain has reached its size, as its owner sees it through the API. */
public final class Convergence {
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
            if (s.equals("600-RUNNING")) {
                running++;
            } else if (!s.startsWith("8") && !s.startsWith("9")) {
                if (stuckAfter != null) {
                    assertThat(Instant.parse(i.get("created_at").asText())).as("instance stuck in " + s + ": " + i)
                            .isAfter(Instant.now().minus(stuckAfter));
                }
                return false;
            }
        }
        return running == n;
    }
}
