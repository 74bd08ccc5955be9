package dev.specter.reliability;

import dev.specter.api.LoginGuard;
import dev.specter.testing.Client;
import dev.specter.testing.TestServer;
import dev.specter.testing.TestUser;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class LoginRateLimitTest {
    static Client.Reply login(TestServer s, String user, String password) {
        return s.anonymous().send("POST", "/token", "username=" + user + "&password=" + password,
                "application/x-www-form-urlencoded");
    }

    @Test
    void failedLoginsAreLimitedPerUserAndPerAddress() {
        try (TestServer s = TestServer.start(c -> c.withSecurity(new LoginGuard.Settings(5, 12, Duration.ofMinutes(1))))) {
            TestUser alice = s.user("alice");
            TestUser bob = s.user("bob");
            for (int i = 0; i < 5; i++) {
                assertThat(login(s, "alice", "wrong").status()).isEqualTo(401);
            }
            Client.Reply refused = login(s, "alice", alice.password());
            assertThat(refused.status()).as("even the right password waits").isEqualTo(429);
            assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
            assertThat(refused.json().get("success").asBoolean()).isFalse();
            assertThat(login(s, "bob", bob.password()).status()).as("other users are not affected").isEqualTo(200);

            // the address limit: failed API authentications count too
            for (int i = 0; i < 7; i++) {
                s.anonymous().sendBytes("GET", "/domains", null, null, Client.basic("bob", "x".repeat(24)));
            }
            Client.Reply blocked = s.client(bob).get("/domains");
            assertThat(blocked.status()).isEqualTo(429);
            assertThat(blocked.header("Retry-After")).isNotNull();
            assertThat(blocked.json().get("error").asText()).contains("Too many failed attempts");
        }
    }
}
