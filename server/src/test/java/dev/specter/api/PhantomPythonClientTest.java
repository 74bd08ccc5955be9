package dev.specter.api;

import dev.specter.testing.Processes;
import dev.specter.testing.TestUser;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The project's Python {@code requests} client, speaking exactly as Phantom's own scripts do. */
@Tag("e2e")
class PhantomPythonClientTest extends ApiTestSupport {
    @Test
    void theRequestsClientRunsItsCrudWalkthrough() {
        TestUser u = newUser();
        Processes.Result r = Processes.run(List.of("python3", Processes.python("phantom_crud.py").toString()),
                Map.of("PHANTOM_URL", server.apiUrl(), "USERNAME", u.name(), "PASSWORD", u.password()), null, 120);
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).contains("phantom client CRUD: OK");
    }
}
