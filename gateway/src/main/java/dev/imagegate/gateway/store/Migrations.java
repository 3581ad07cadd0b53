package dev.imagegate.gateway.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The versioned SQL migrations under {@code dev/imagegate/gateway/store/migration}, applied by Flyway at start-up.
 * The same files run on SQLite (supported by flyway-core itself) and PostgreSQL (flyway-database-postgresql).
 */
public final class Migrations {
  public static final String LOCATION = "classpath:dev/imagegate/gateway/store/migration";

  private Migrations() {}

  /** Applies pending migrations (up to {@code target}, or all when null) and returns the schema version reached. */
  public static String migrate(DataSource dataSource, String schema, String target) {
    var config = Flyway.configure()
        .dataSource(dataSource)
        .locations(LOCATION)
        .failOnMissingLocations(true);
    if (schema != null) {
      config = config.schemas(schema).createSchemas(true);
    }
    if (target != null) {
      config = config.target(target);
    }
    try {
      Flyway flyway = config.load();
      flyway.migrate();
      var current = flyway.info().current();
      return current == null ? null : current.getVersion().getVersion();
    } catch (FlywayException e) {
      throw new StoreException("database migration failed: " + e.getMessage(), e);
    }
  }
}
