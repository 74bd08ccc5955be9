package dev.specter.user.manage;

import dev.specter.secret.SecretBox;
import dev.specter.site.SiteCatalog;
import dev.specter.site.SiteDefinition;
import dev.specter.store.CredentialStore;
import dev.specter.user.KeyPair;
import dev.specter.user.SiteCredentials;
import dev.specter.validation.InvalidInputException;
import dev.specter.validation.Limits;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Credentials and keys at their columns' sizes are stored; one character (or byte) more is refused. */
class CredentialServiceLimitsTest {
    static final String ROCKET = "\uD83D\uDE80";
    static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKgqMz0j0Ny4ibdAbJkiIlLJSoI4M7vZdq9xsTgmvC8P ";

    final MemoryStore store = new MemoryStore();
    final CredentialService service = new CredentialService(store, new SiteCatalog(List.of(
            new SiteDefinition("hotel", "sim", false, List.of("m1.small"), Map.of()))),
            new SecretBox(SecretBox.generateKey()), Limits.DEFAULT, () -> Instant.EPOCH, null);

    @Test
    void accessKeyAndKeyNameAreLimitedInCharacters() {
        for (String field : List.of("access_key", "key_name")) {
            for (String unit : List.of("x", ROCKET)) {
                String at = unit.repeat(1024);
                SiteCredentials c = register(field, at, "s");
                assertThat(field.equals("access_key") ? c.accessKey() : c.keyName()).isEqualTo(at);
                refused(() -> register(field, at + unit, "s"), field, "1024 characters");
            }
        }
    }

    /** Counted in bytes, because the sealed secret's column is bounded by the bytes it encrypts. */
    @Test
    void theSecretIsLimitedInBytesSoItsCiphertextFitsItsColumn() {
        for (String unit : List.of("x", "é", ROCKET)) {
            String at = unit.repeat(2048 / unit.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
            SiteCredentials c = register("access_key", "A", at);
            assertThat(c.secretCiphertext().length()).as("secret_ciphertext is varchar(4096)").isLessThanOrEqualTo(4096);
            refused(() -> register("access_key", "A", at + unit), "secret_key", "2048 bytes");
        }
    }

    @Test
    void aPublicKeyIsLimitedInCharacters() {
        for (String unit : List.of("x", ROCKET)) {
            String at = KEY + unit.repeat(16_384 - KEY.length());
            assertThat(service.importKey(1, "hotel", "k", at).publicKey()).isEqualTo(at);
            refused(() -> service.importKey(1, "hotel", "k", at + unit), "key", "16384 characters");
        }
        assertThat(store.keys).hasSize(2);
    }

    private SiteCredentials register(String field, String value, String secret) {
        return field.equals("access_key") ? service.register(1, "hotel", value, secret, "k")
                : service.register(1, "hotel", "A", secret, value);
    }

    private void refused(Runnable write, String field, String limit) {
        Map<String, SiteCredentials> before = new HashMap<>(store.credentials);
        int keys = store.keys.size();
        assertThatThrownBy(write::run).isInstanceOf(InvalidInputException.class).hasMessageContaining(limit)
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo(field);
        assertThat(store.credentials).as("nothing stored").isEqualTo(before);
        assertThat(store.keys).hasSize(keys);
    }

    static final class MemoryStore implements CredentialStore {
        final Map<String, SiteCredentials> credentials = new HashMap<>();
        final List<KeyPair> keys = new ArrayList<>();

        @Override
        public void put(SiteCredentials c) {
            credentials.put(c.owner() + "/" + c.site(), c);
        }

        @Override
        public Optional<SiteCredentials> get(long owner, String site) {
            return Optional.ofNullable(credentials.get(owner + "/" + site));
        }

        @Override
        public List<SiteCredentials> list(long owner) {
            return List.copyOf(credentials.values());
        }

        @Override
        public boolean delete(long owner, String site) {
            return credentials.remove(owner + "/" + site) != null;
        }

        @Override
        public void putKeyPair(KeyPair k) {
            keys.add(k);
        }

        @Override
        public List<KeyPair> keyPairs(long owner, String site) {
            return List.copyOf(keys);
        }
    }
}
