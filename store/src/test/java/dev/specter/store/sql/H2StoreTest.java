package dev.specter.store.sql;

class H2StoreTest extends StoreContractTest {
    @Override
    Database open() {
        return TestDatabases.h2();
    }

    @Override
    void dispose() {
    }
}
