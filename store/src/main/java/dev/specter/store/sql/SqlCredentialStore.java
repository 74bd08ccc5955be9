package dev.specter.store.sql;

import dev.specter.store.CredentialStore;
import dev.specter.user.KeyPair;
import dev.specter.user.SiteCredentials;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

final class SqlCredentialStore implements CredentialStore {
    private static final RowMapper<SiteCredentials> CREDENTIALS = (rs, ctx) -> new SiteCredentials(
            rs.getLong("owner"), rs.getString("site"), rs.getString("access_key"), rs.getString("secret_ciphertext"),
            rs.getString("key_name"), Instant.ofEpochMilli(rs.getLong("updated_at")));
    private static final RowMapper<KeyPair> KEY_PAIR = (rs, ctx) -> new KeyPair(rs.getLong("owner"),
            rs.getString("site"), rs.getString("name"), rs.getString("public_key"), rs.getString("fingerprint"),
            Instant.ofEpochMilli(rs.getLong("created_at")));
    private final HandleScope db;

    SqlCredentialStore(HandleScope db) {
        this.db = db;
    }

    @Override
    public void put(SiteCredentials c) {
        db.write(h -> h.createUpdate("""
                        insert into site_credentials (owner, site, access_key, secret_ciphertext, key_name, updated_at)
                        values (:owner, :site, :ak, :sc, :kn, :t)
                        on conflict (owner, site) do update set access_key = excluded.access_key,
                            secret_ciphertext = excluded.secret_ciphertext, key_name = excluded.key_name,
                            updated_at = excluded.updated_at""")
                .bind("owner", c.owner()).bind("site", c.site()).bind("ak", c.accessKey())
                .bind("sc", c.secretCiphertext()).bind("kn", c.keyName()).bind("t", c.updatedAt().toEpochMilli())
                .execute());
    }

    @Override
    public Optional<SiteCredentials> get(long owner, String site) {
        return db.read(h -> h.createQuery("select * from site_credentials where owner = :o and site = :s")
                .bind("o", owner).bind("s", site).map(CREDENTIALS).findOne());
    }

    @Override
    public List<SiteCredentials> list(long owner) {
        return db.read(h -> h.createQuery("select * from site_credentials where owner = :o order by site")
                .bind("o", owner).map(CREDENTIALS).list());
    }

    @Override
    public boolean delete(long owner, String site) {
        return db.write(h -> h.createUpdate("delete from site_credentials where owner = :o and site = :s")
                .bind("o", owner).bind("s", site).execute()) > 0;
    }

    @Override
    public void putKeyPair(KeyPair k) {
        db.write(h -> h.createUpdate("""
                        insert into key_pairs (owner, site, name, public_key, fingerprint, created_at)
                        values (:owner, :site, :name, :pk, :fp, :t)
                        on conflict (owner, site, name) do update set public_key = excluded.public_key,
                            fingerprint = excluded.fingerprint, created_at = excluded.created_at""")
                .bind("owner", k.owner()).bind("site", k.site()).bind("name", k.name()).bind("pk", k.publicKey())
                .bind("fp", k.fingerprint()).bind("t", k.createdAt().toEpochMilli()).execute());
    }

    @Override
    public List<KeyPair> keyPairs(long owner, String site) {
        return db.read(h -> h.createQuery("select * from key_pairs where owner = :o and site = :s order by name")
                .bind("o", owner).bind("s", site).map(KEY_PAIR).list());
    }
}
