package dev.specter.api;

import dev.specter.testing.Client;
import dev.specter.testing.TestUser;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class TokenAndAuthApiTest extends ApiTestSupport {

    @Test
    void aFormLoginReturnsTheNumericUserIdAndAWorkingToken() {
        TestUser u = newUser();
        Client.Reply r = server.anonymous().send("POST", "/token",
                "username=" + u.name() + "&password=" + u.password(), "application/x-www-form-urlencoded");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("success").asBoolean()).isTrue();
        assertThat(r.json().get("user").asLong()).isEqualTo(u.id());
        String token = r.json().get("token").asText();
        assertThat(token).hasSize(24).isNotEqualTo(u.token());

        Client.Reply sites = server.anonymous().sendBytes("GET", "/sites", null, null, Client.basic("" + u.id(), token));
        assertThat(sites.status()).isEqualTo(200);
        assertThat(server.client(u).get("/sites").status()).as("earlier tokens stay valid").isEqualTo(200);

        Client.Reply check = server.anonymous().get("/token/" + token + "/" + u.id() + ".json");
        assertThat(check.json().get("success").asBoolean()).isTrue();
        assertThat(server.anonymous().get("/token/" + token + "/" + (u.id() + 1000) + ".json").json()
                .get("success").asBoolean()).isFalse();
    }

    @Test
    void aJsonLoginWorksToo() {
        TestUser u = newUser();
        Client.Reply r = server.anonymous().post("/token",
                "{\"username\": \"" + u.name() + "\", \"password\": \"" + u.password() + "\"}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("user").asLong()).isEqualTo(u.id());
    }

    @Test
    void badCredentialsAre401AndMissingFields400() {
        TestUser u = newUser();
        Client.Reply wrong = server.anonymous().send("POST", "/token", "username=" + u.name() + "&password=nope",
                "application/x-www-form-urlencoded");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("success").asBoolean()).isFalse();
        assertThat(wrong.json().get("errors").asText()).isEqualTo("Unable to log you in, please try again.");
        assertThat(server.anonymous().send("POST", "/token", "username=ghost&password=x",
                "application/x-www-form-urlencoded").status()).isEqualTo(401);

        Client.Reply missing = server.anonymous().send("POST", "/token", "username=" + u.name(),
                "application/x-www-form-urlencoded");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("success").asBoolean()).isFalse();
        assertThat(server.anonymous().post("/token", "{not json").status()).isEqualTo(400);
        assertThat(server.anonymous().post("/token", "").status()).isEqualTo(400);
    }

    @Test
    void everyAuthFormIsAcceptedAndEverythingElseIs403() {
        TestUser u = newUser();
        Client anon = server.anonymous();
        assertThat(anon.sendBytes("GET", "/sites", null, null, Client.basic(u.name(), u.token())).status())
                .as("username instead of id").isEqualTo(200);
        assertThat(anon.get("/sites?user=" + u.id() + "&token=" + u.token()).status()).isEqualTo(200);
        assertThat(anon.send("POST", "/credentials/sites", "user=" + u.id() + "&token=" + u.token(),
                "application/x-www-form-urlencoded").status()).as("form auth gets past auth to validation")
                .isEqualTo(400);

        String[] bad = {null, "Basic", "Basic !!!notbase64", "Basic " + b64("nocolon"), "Basic " + b64(":" + u.token()),
                "Basic " + b64(u.id() + ":wrongwrongwrongwrongwron"), "Basic " + b64((u.id() + 1) + ":" + u.token()),
                "Bearer " + u.token(), "Basic " + b64("999999999999999999999999:" + u.token()),
                "Basic " + java.util.Base64.getEncoder().encodeToString(new byte[]{(byte) 0xff, ':', 'x'})};
        for (String auth : bad) {
            Client.Reply r = anon.sendBytes("GET", "/domains", null, null, auth);
            assertThat(r.status()).as(String.valueOf(auth)).isEqualTo(403);
            assertThat(r.header("WWW-Authenticate")).isNull();
            assertThat(r.json().path("error").asText()).isEqualTo("Authorization Required");
        }
    }

    @Test
    void everyProtectedRouteNeedsAuthentication() {
        Client anon = server.anonymous();
        String[][] routes = {{"GET", "/sites"}, {"GET", "/sites/hotel"}, {"POST", "/sites/hotel/sshkeys"},
                {"GET", "/credentials/sites"}, {"POST", "/credentials/sites"}, {"GET", "/credentials/sites/hotel"},
                {"PUT", "/credentials/sites/hotel"}, {"DELETE", "/credentials/sites/hotel"},
                {"GET", "/launchconfigurations"}, {"POST", "/launchconfigurations"}, {"GET", "/launchconfigurations/x"},
                {"PUT", "/launchconfigurations/x"}, {"DELETE", "/launchconfigurations/x"}, {"GET", "/domains"},
                {"POST", "/domains"}, {"GET", "/domains/x"}, {"PUT", "/domains/x"}, {"PATCH", "/domains/x"},
                {"DELETE", "/domains/x"}, {"GET", "/domains/x/activities"}, {"GET", "/domains/x/instances"},
                {"GET", "/domains/x/instances/y"}, {"GET", "/sensors"}, {"GET", "/sensors/cpu"}};
        for (String[] r : routes) {
            assertThat(anon.send(r[0], r[1], r[0].equals("GET") || r[0].equals("DELETE") ? null : "{}", null).status())
                    .as(r[0] + " " + r[1]).isEqualTo(403);
        }
    }

    private static String b64(String s) {
        return java.util.Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
