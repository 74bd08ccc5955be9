package dev.specter.user;

import dev.specter.secret.SecretBox;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialsCryptoTest {
    @Test
    void passwordsVerifyOnlyThemselves() {
        String hash = Passwords.hash("correct horse");
        assertThat(hash).doesNotContain("correct horse").startsWith("pbkdf2-sha256$");
        assertThat(Passwords.matches("correct horse", hash)).isTrue();
        assertThat(Passwords.matches("correct horsf", hash)).isFalse();
        assertThat(Passwords.matches("correct horse", "garbage")).isFalse();
        assertThat(Passwords.matches("x", null)).isFalse();
    }

    @Test
    void tokensAreRandomAndOfTheAgreedLength() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String t = Tokens.generate();
            assertThat(t).hasSize(24).matches("[A-Za-z0-9]{24}");
            assertThat(seen.add(t)).isTrue();
        }
        assertThat(Tokens.hash("abc")).hasSize(64).isEqualTo(Tokens.hash("abc")).isNotEqualTo(Tokens.hash("abd"));
    }

    @Test
    void secretsRoundTripAndAreBoundToTheirContext() {
        SecretBox box = new SecretBox(SecretBox.generateKey());
        String sealed = box.seal("AKIA-secret-value", "7/ec2");
        assertThat(sealed).startsWith("v1:").doesNotContain("AKIA-secret-value");
        assertThat(box.seal("AKIA-secret-value", "7/ec2")).isNotEqualTo(sealed);
        assertThat(box.open(sealed, "7/ec2")).isEqualTo("AKIA-secret-value");
        assertThatThrownBy(() -> box.open(sealed, "8/ec2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SecretBox(SecretBox.generateKey()).open(sealed, "7/ec2"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
