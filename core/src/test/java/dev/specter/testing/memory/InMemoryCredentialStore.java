package dev.specter.testing.memory;

import dev.specter.store.CredentialStore;
import dev.specter.testing.memory.Tables.KeyPairKey;
import dev.specter.testing.memory.Tables.OwnerSite;
import dev.specter.user.KeyPair;
import dev.specter.user.SiteCredentials;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static dev.specter.testing.memory.Tables.ms;

record InMemoryCredentialStore(InMemoryStore db) implements CredentialStore {
    @Override
    public void put(SiteCredentials c) {
        db.write(t -> {
            t.requireUser(c.owner());
            return t.credentials.put(new OwnerSite(c.owner(), c.site()), new SiteCredentials(c.owner(), c.site(),
                    c.accessKey(), c.secretCiphertext(), c.keyName(), ms(c.updatedAt())));
        });
    }

    @Override
    public Optional<SiteCredentials> get(long owner, String site) {
        return db.read(t -> Optional.ofNullable(t.credentials.get(new OwnerSite(owner, site))));
    }

    @Override
    public List<SiteCredentials> list(long owner) {
        return db.read(t -> t.credentials.values().stream().filter(c -> c.owner() == owner)
                .sorted(Comparator.comparing(SiteCredentials::site)).toList());
    }

    @Override
    public boolean delete(long owner, String site) {
        return db.write(t -> t.credentials.remove(new OwnerSite(owner, site)) != null);
    }

    @Override
    public void putKeyPair(KeyPair k) {
        db.write(t -> {
            t.requireUser(k.owner());
            return t.keyPairs.put(new KeyPairKey(k.owner(), k.site(), k.name()), new KeyPair(k.owner(), k.site(),
                    k.name(), k.publicKey(), k.fingerprint(), ms(k.createdAt())));
        });
    }

    @Override
    public List<KeyPair> keyPairs(long owner, String site) {
        return db.read(t -> t.keyPairs.values().stream().filter(k -> k.owner() == owner && k.site().equals(site))
                .sorted(Comparator.comparing(KeyPair::name)).toList());
    }
}
