package dev.specter.user.manage;

import dev.specter.store.sql.Database;
import dev.specter.store.sql.SqlStore;
import dev.specter.store.sql.TestDatabases;
import dev.specter.testing.ManualClock;
import dev.specter.user.NewAccount;
import dev.specter.user.Tokens;
import dev.specter.validation.InvalidInputException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Token authentication, including how long a revocation made elsewhere takes to apply here. */
class AccountsTest {
    final Database db = TestDatabases.sqlite();
    final SqlStore store = new SqlStore(db);
    final ManualClock clock = new ManualClock();
    final Accounts accounts = new Accounts(store.users(), clock);
    final NewAccount alice = accounts.create("alice", "alice-password");

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aTokenAuthenticatesItsOwnerByIdOrUsernameOnly() {
        String id = Long.toString(alice.user().id());
        assertThat(accounts.authenticate(id, alice.token())).contains(alice.user());
        assertThat(accounts.authenticate("alice", alice.token())).contains(alice.user());
        NewAccount bob = accounts.create("bob", "bob-password");
        assertThat(accounts.authenticate(Long.toString(bob.user().id()), alice.token()))
                .as("a remembered token still names its owner").isEmpty();
        assertThat(accounts.authenticate(id, bob.token())).isEmpty();
        assertThat(accounts.authenticate(id, "x".repeat(Tokens.LENGTH))).isEmpty();
    }

    @Test
    void aRotationHereAppliesAtOnce() {
        String id = Long.toString(alice.user().id());
        assertThat(accounts.authenticate(id, alice.token())).isPresent();
        String fresh = accounts.rotate(alice.user().id());
        assertThat(accounts.authenticate(id, alice.token())).isEmpty();
        assertThat(accounts.authenticate(id, fresh)).isPresent();
    }

    @Test
    void aRevocationByAnotherProcessAppliesWithinTheRecheckInterval() {
        String id = Long.toString(alice.user().id());
        assertThat(accounts.authenticate(id, alice.token())).isPresent();
        store.users().revokeTokens(alice.user().id(), clock.instant()); // as `user token --rotate` or a replica would
        clock.advance(Accounts.TOKEN_RECHECK.minusMillis(1));
        assertThat(accounts.authenticate(id, alice.token())).as("still believed").isPresent();
        clock.advance(Duration.ofMillis(1));
        assertThat(accounts.authenticate(id, alice.token())).isEmpty();
    }

    @Test
    void anExpiredTokenIsRefused() {
        String id = Long.toString(alice.user().id());
        clock.advance(Accounts.TOKEN_LIFETIME.plusSeconds(1));
        assertThat(accounts.authenticate(id, alice.token())).isEmpty();
    }

    /** users.username is varchar(128): `user add` takes a name of that size and refuses a longer one. */
    @Test
    void aUsernameFillsItsColumnAndNoMore() {
        String longest = "u".repeat(128);
        assertThat(accounts.create(longest, null).user().username()).isEqualTo(longest);
        assertThat(store.users().byUsername(longest)).isPresent();
        assertThatThrownBy(() -> accounts.create(longest + "u", null)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("1 to 128 characters")
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("username");
        assertThat(store.users().list()).hasSize(2);
    }
}
