package dev.specter.store.sql;

class PostgresStoreTest extends StoreContractTest {
    private String url;

    @Override
    Database open() {
        url = TestDatabases.newPostgresSchema();
        return Database.postgres(url, null, null, 4);
    }

    @Override
    void dispose() {
        TestDatabases.dropPostgresSchema(url);
    }
}
