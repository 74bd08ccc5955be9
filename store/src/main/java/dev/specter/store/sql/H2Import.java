package dev.specter.store.sql;

import org.flywaydb.core.api.MigrationVersion;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The one-time move of a data directory whose embedded database is still the H2 file of earlier
 * versions ({@code specter.mv.db}) to SQLite: every row is copied into a new SQLite file, which takes
 * the place of the embedded database only once the copy is complete and counted; the H2 file is
 * then kept beside it as {@code specter.mv.db.imported}. A crash at any point leaves either the H2
 * file to import again at the next start or the finished SQLite file, never half of one.
 *
 * <p>The SQLite file is made at the H2 file's schema version, so every column has its twin, and the
 * migrations since then run when it is next opened, changing imported rows as they change any others
 * (V5 moves each policy's columns into {@code policy_params}).
 */
public final class H2Import {
    private static final Logger LOG = LoggerFactory.getLogger(H2Import.class);
    static final String H2_FILE = "specter.mv.db";
    static final String KEPT = "specter.mv.db.imported";
    /** Parents before children, so foreign keys hold at every insert. */
    private static final List<String> TABLES = List.of("users", "tokens", "site_credentials", "key_pairs",
            "launch_configurations", "launch_configuration_sites", "domains", "instances", "activities",
            "domain_site_health", "installation", "domain_scaling", "metric_samples");

    private H2Import() {
    }

    /** Imports {@code dataDir}'s H2 database into {@code sqliteFile} if there is one not imported yet. */
    public static void ifPresent(Path dataDir, Path sqliteFile, Synchronous synchronous) {
        Path h2 = dataDir.resolve(H2_FILE);
        if (!Files.exists(h2)) {
            return;
        }
        try {
            if (!Files.exists(sqliteFile)) {
                long t0 = System.nanoTime();
                Path partial = sqliteFile.resolveSibling(sqliteFile.getFileName() + ".importing");
                deleteWithSidecars(partial);
                long rows = copy(dataDir, partial, synchronous);
                Files.move(partial, sqliteFile, StandardCopyOption.ATOMIC_MOVE);
                deleteWithSidecars(partial); // an empty WAL may stay behind its closed file
                LOG.warn("imported the H2 database {} into {} ({} rows in {} ms); the H2 file is kept as {}", h2,
                        sqliteFile, rows, (System.nanoTime() - t0) / 1_000_000, dataDir.resolve(KEPT));
            }
            Files.move(h2, dataDir.resolve(KEPT), StandardCopyOption.REPLACE_EXISTING);
            // the marker the H2 server kept while it had the file open
            Files.deleteIfExists(dataDir.resolve("specter.open"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot import the H2 database " + h2 + " into " + sqliteFile, e);
        }
    }

    private static long copy(Path dataDir, Path target, Synchronous synchronous) {
        // no AUTO_SERVER: if a server of the old version still has the file open, this fails and says so
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("specter")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;IFEXISTS=TRUE";
        long rows = 0;
        try (Connection h2 = DriverManager.getConnection(url);
             Database sqlite = Database.sqlite(target, synchronous, 1, schemaVersion(h2))) {
            h2.setReadOnly(true);
            for (String table : TABLES) {
                rows += sqlite.writes().inTransaction(tx -> copyTable(h2, tx, table));
            }
            // everything into the main file, so that moving that one file moves the whole database
            sqlite.writes().useHandle(h -> h.execute("pragma wal_checkpoint(TRUNCATE)"));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the H2 database in " + dataDir + " (is a server of the "
                    + "earlier version still running on it?): " + e.getMessage(), e);
        }
        return rows;
    }

    /** The last migration applied to the H2 file (it ran PostgreSQL's, which it shared). */
    private static MigrationVersion schemaVersion(Connection h2) throws SQLException {
        try (PreparedStatement q = h2.prepareStatement(
                "select version from flyway_schema_history where success order by installed_rank desc limit 1");
             ResultSet rs = q.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("the H2 database has no applied migration");
            }
            return MigrationVersion.fromVersion(rs.getString(1));
        }
    }

    /** Every column: both files are at one schema version, so a column missing in SQLite fails the copy. */
    private static long copyTable(Connection h2, Handle tx, String table) throws SQLException {
        Set<String> columns = columns(h2, table);
        if (columns.isEmpty()) {
            return 0; // a table of a later version than the file's
        }
        String list = String.join(", ", columns);
        String insert = "insert into " + table + " (" + list + ") values ("
                + String.join(", ", columns.stream().map(c -> "?").toList()) + ")";
        long copied = 0;
        try (PreparedStatement read = h2.prepareStatement("select " + list + " from " + table);
             ResultSet rs = read.executeQuery();
             PreparedStatement write = tx.getConnection().prepareStatement(insert)) {
            int n = columns.size();
            while (rs.next()) {
                for (int i = 1; i <= n; i++) {
                    write.setObject(i, rs.getObject(i));
                }
                write.addBatch();
                if (++copied % 1000 == 0) {
                    write.executeBatch();
                }
            }
            write.executeBatch();
        }
        long stored = tx.createQuery("select count(*) from " + table).mapTo(Long.class).one();
        if (stored != copied) {
            throw new IllegalStateException("importing " + table + " from H2: read " + copied + " rows, stored " + stored);
        }
        return copied;
    }

    /** In the file's own schema only: H2's information_schema has tables of the same names (users). */
    private static Set<String> columns(Connection h2, String table) throws SQLException {
        DatabaseMetaData meta = h2.getMetaData();
        Set<String> out = new LinkedHashSet<>();
        try (ResultSet rs = meta.getColumns(null, h2.getSchema(), table, null)) {
            while (rs.next()) {
                out.add(rs.getString("COLUMN_NAME"));
            }
        }
        return out;
    }

    private static void deleteWithSidecars(Path file) throws IOException {
        List<Path> all = new ArrayList<>(List.of(file));
        all.add(file.resolveSibling(file.getFileName() + "-wal"));
        all.add(file.resolveSibling(file.getFileName() + "-shm"));
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }
}
