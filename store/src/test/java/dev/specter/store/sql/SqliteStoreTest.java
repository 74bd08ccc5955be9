package dev.specter.store.sql;

class SqliteStoreTest extends StoreContractTest {
    @Override
    Database open() {
        return TestDatabases.sqlite();
    }

    @Override
    void dispose() {
    }
}
