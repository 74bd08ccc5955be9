package dev.specter.store.sql;

import dev.specter.launch.LaunchConfiguration;
import dev.specter.launch.SiteLaunchParams;
import dev.specter.store.LaunchConfigurationStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

final class SqlLaunchConfigurationStore implements LaunchConfigurationStore {
    private static final String SELECT = """
            select l.id, l.owner, l.name, l.contextualization_method, l.user_data, l.published, l.created_at,
                   l.updated_at, s.site, s.image_id, s.instance_type, s.max_vms, s.common_image, s.site_rank,
                   s.user_data as site_user_data
            from launch_configurations l left join launch_configuration_sites s on s.lc_id = l.id
            """;
    private final HandleScope db;
    private final Dialect dialect;

    SqlLaunchConfigurationStore(HandleScope db, Dialect dialect) {
        this.db = db;
        this.dialect = dialect;
    }

    @Override
    public void insert(LaunchConfiguration lc) {
        Sql.unique("launch configuration '" + lc.name() + "'", () -> db.write(h -> {
            h.createUpdate("""
                            insert into launch_configurations
                                (id, owner, name, contextualization_method, user_data, published, created_at, updated_at)
                            values (:id, :owner, :name, :method, :ud, :pub, :c, :u)""")
                    .bind("id", lc.id()).bind("owner", lc.owner()).bind("name", lc.name())
                    .bind("method", lc.contextualizationMethod()).bind("ud", lc.userData())
                    .bind("pub", lc.published()).bind("c", lc.createdAt().toEpochMilli())
                    .bind("u", lc.updatedAt().toEpochMilli()).execute();
            insertSites(h, lc);
            return null;
        }));
    }

    @Override
    public Optional<LaunchConfiguration> byId(long owner, String id) {
        return db.read(h -> one(h.createQuery(SELECT + " where l.owner = :o and l.id = :id order by s.site")
                .bind("o", owner).bind("id", id)));
    }

    @Override
    public Optional<LaunchConfiguration> byName(long owner, String name) {
        return db.read(h -> one(h.createQuery(SELECT + " where l.owner = :o and l.name = :n order by s.site")
                .bind("o", owner).bind("n", name)));
    }

    @Override
    public Optional<LaunchConfiguration> lockByName(long owner, String name) {
        return db.write(h -> {
            Optional<String> id = h.createQuery(
                            "select id from launch_configurations where owner = :o and name = :n" + dialect.lockRows())
                    .bind("o", owner).bind("n", name).mapTo(String.class).findOne();
            return id.flatMap(i -> one(h.createQuery(SELECT + " where l.id = :id order by s.site").bind("id", i)));
        });
    }

    @Override
    public List<LaunchConfiguration> list(long owner) {
        return db.read(h -> many(h.createQuery(SELECT + " where l.owner = :o order by l.created_at, l.id, s.site")
                .bind("o", owner)));
    }

    @Override
    public List<LaunchConfiguration> listPublished() {
        return db.read(h -> many(h.createQuery(SELECT + " where l.published = true order by l.created_at, l.id, s.site")));
    }

    @Override
    public int count(long owner) {
        return db.read(h -> h.createQuery("select count(*) from launch_configurations where owner = :o")
                .bind("o", owner).mapTo(Integer.class).one());
    }

    @Override
    public void update(LaunchConfiguration lc) {
        db.write(h -> {
            h.createUpdate("""
                            update launch_configurations set contextualization_method = :method, user_data = :ud,
                                published = :pub, updated_at = :u where id = :id and owner = :owner""")
                    .bind("id", lc.id()).bind("owner", lc.owner()).bind("method", lc.contextualizationMethod())
                    .bind("ud", lc.userData()).bind("pub", lc.published()).bind("u", lc.updatedAt().toEpochMilli())
                    .execute();
            h.createUpdate("delete from launch_configuration_sites where lc_id = :id").bind("id", lc.id()).execute();
            insertSites(h, lc);
            return null;
        });
    }

    @Override
    public boolean delete(long owner, String id) {
        return db.write(h -> h.createUpdate("delete from launch_configurations where owner = :o and id = :id")
                .bind("o", owner).bind("id", id).execute()) > 0;
    }

    @Override
    public boolean setPublished(long owner, String name, boolean published) {
        return db.write(h -> h.createUpdate("update launch_configurations set published = :p where owner = :o and name = :n")
                .bind("p", published).bind("o", owner).bind("n", name).execute()) > 0;
    }

    private static void insertSites(Handle h, LaunchConfiguration lc) {
        var batch = h.prepareBatch("""
                insert into launch_configuration_sites
                    (lc_id, site, image_id, instance_type, max_vms, common_image, site_rank, user_data)
                values (:lc, :site, :image, :type, :max, :common, :rank, :ud)""");
        lc.sites().forEach((site, p) -> batch.bind("lc", lc.id()).bind("site", site).bind("image", p.imageId())
                .bind("type", p.instanceType()).bind("max", p.maxVms()).bind("common", p.common())
                .bind("rank", p.rank()).bind("ud", p.userData()).add());
        if (!lc.sites().isEmpty()) {
            batch.execute();
        }
    }

    private static Optional<LaunchConfiguration> one(Query q) {
        List<LaunchConfiguration> all = many(q);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getFirst());
    }

    /** Folds the joined rows (one per site) into launch configurations, keeping the query's order. */
    private static List<LaunchConfiguration> many(Query q) {
        Map<String, LaunchConfiguration> byId = new LinkedHashMap<>();
        Map<String, Map<String, SiteLaunchParams>> sites = new LinkedHashMap<>();
        q.map((rs, ctx) -> {
            String id = rs.getString("id");
            byId.computeIfAbsent(id, k -> {
                try {
                    return new LaunchConfiguration(id, rs.getLong("owner"), rs.getString("name"), Map.of(),
                            rs.getString("contextualization_method"), rs.getString("user_data"),
                            rs.getBoolean("published"), Instant.ofEpochMilli(rs.getLong("created_at")),
                            Instant.ofEpochMilli(rs.getLong("updated_at")));
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Map<String, SiteLaunchParams> siteMap = sites.computeIfAbsent(id, k -> new LinkedHashMap<>());
            String site = rs.getString("site");
            if (site != null) {
                siteMap.put(site, new SiteLaunchParams(rs.getString("image_id"), rs.getString("instance_type"),
                        rs.getInt("max_vms"), rs.getBoolean("common_image"), rs.getInt("site_rank"),
                        rs.getString("site_user_data")));
            }
            return id;
        }).list();
        List<LaunchConfiguration> out = new ArrayList<>(byId.size());
        byId.forEach((id, lc) -> out.add(new LaunchConfiguration(id, lc.owner(), lc.name(), sites.get(id),
                lc.contextualizationMethod(), lc.userData(), lc.published(), lc.createdAt(), lc.updatedAt())));
        return out;
    }
}
