package dev.specter.user;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordsTest {
    @Test
    void aHashMatchesItsPasswordOnly() {
        String stored = Passwords.hash("correct horse");
        assertThat(Passwords.matches("correct horse", stored)).isTrue();
        assertThat(Passwords.matches("correct horsE", stored)).isFalse();
        assertThat(Passwords.matches("x", "not a hash")).isFalse();
    }

    @Test
    void theDecoyMatchesNothingAndCostsWhatARealHashCosts() {
        String decoy = Passwords.decoy();
        assertThat(Passwords.matches("", decoy)).isFalse();
        assertThat(Passwords.matches("password", decoy)).isFalse();
        // same form and iteration count as a real hash: the check derives as many rounds
        String[] real = Passwords.hash("p").split("\\$");
        String[] fake = decoy.split("\\$");
        assertThat(fake).hasSize(4);
        assertThat(fake[0]).isEqualTo(real[0]);
        assertThat(fake[1]).isEqualTo(real[1]);
    }
}
