package dev.specter.store.sql;

import dev.specter.store.Store;
import dev.specter.testing.memory.InMemoryStore;

/** The in-memory test fixture keeps the contract of the real stores, so tests on it say something about them. */
class InMemoryStoreContractTest extends StoreContractTest {
    @Override
    Database open() {
        return null;
    }

    @Override
    void dispose() {
    }

    @Override
    Store store(Database none) {
        return new InMemoryStore();
    }
}
