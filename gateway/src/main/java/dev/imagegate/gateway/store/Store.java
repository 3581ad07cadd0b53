package dev.imagegate.gateway.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The gateway's database: keys, users, teams, end users and spend logs, on SQLite or PostgreSQL. {@link #open} creates
 * the database when needed (a SQLite file and its directory) and applies the migrations, so a fresh or an older
 * database is ready when it returns.
 *
 * <p>Connections: PostgreSQL through a HikariCP pool. SQLite through a small HikariCP pool too, in WAL mode, so
 * readers never wait for the writer; writes take SQLite's write lock up front ({@code BEGIN IMMEDIATE}) and queue on
 * {@code busy_timeout} instead of failing, which makes SQLite a single-writer database without a lock of our own.
 * Thread-safe; the tables may be used from any thread.
 */
public final class Store implements AutoCloseable {
  private static final int SQLITE_POOL = 4;

  private final DatabaseUrl url;
  private final String schemaVersion;
  private final HikariDataSource dataSource;
  private final KeyTable keys;
  private final Map<Principal.Kind, PrincipalTable> principals = new EnumMap<>(Principal.Kind.class);
  private final SpendTable spend;
  private final SpendReports reports;
  private final Sql sql;

  private Store(DatabaseUrl url, HikariDataSource dataSource, String schemaVersion) {
    this.url = url;
    this.schemaVersion = schemaVersion;
    this.dataSource = dataSource;
    Sql sql = new Sql(dataSource);
    this.keys = new KeyTable(sql);
    for (Principal.Kind kind : Principal.Kind.values()) {
      principals.put(kind, new PrincipalTable(sql, kind));
    }
    this.spend = new SpendTable(sql);
    this.reports = new SpendReports(sql);
    this.sql = sql;
  }

  /** Connects and migrates; a {@link StoreException} says why the database cannot be used. */
  public static Store open(DatabaseUrl url, StoreOptions options) {
    return open(url, options, null);
  }

  /** Migrates only up to {@code target}: for tests of upgrades from an older schema. */
  static Store open(DatabaseUrl url, StoreOptions options, String target) {
    HikariDataSource dataSource = pool(url, options);
    try {
      String version = Migrations.migrate(dataSource, url.schema(), target);
      return new Store(url, dataSource, version);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  private static HikariDataSource pool(DatabaseUrl url, StoreOptions options) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("imagegate-store");
    config.setConnectionTimeout(options.connectionTimeout().toMillis());
    switch (url.kind()) {
      case SQLITE -> {
        config.setDataSource(sqlite(url, options));
        config.setMaximumPoolSize(Math.min(SQLITE_POOL, options.poolSize()));
      }
      case POSTGRESQL -> {
        config.setJdbcUrl(url.jdbcUrl());
        config.setUsername(url.user());
        config.setPassword(url.password());
        config.setMaximumPoolSize(options.poolSize());
      }
    }
    try {
      return new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException e) {
      throw new StoreException("cannot connect to the database " + url + ": " + rootMessage(e), e);
    }
  }

  private static DataSource sqlite(DatabaseUrl url, StoreOptions options) {
    Path file = Path.of(url.jdbcUrl().substring("jdbc:sqlite:".length()));
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
    } catch (IOException e) {
      throw new StoreException("cannot create the directory for " + file + ": " + e.getMessage(), e);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, options.busyTimeout().toMillis()));
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    // nothing reads generated keys; with them on, every INSERT also prepares and runs SELECT last_insert_rowid()
    config.setGetGeneratedKeys(false);
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl(url.jdbcUrl());
    return dataSource;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  public DatabaseUrl url() {
    return url;
  }

  /** The migration version the database is at ({@code "2"} today). */
  public String schemaVersion() {
    return schemaVersion;
  }

  public KeyTable keys() {
    return keys;
  }

  /** The table of teams, users or end users. */
  public PrincipalTable principals(Principal.Kind kind) {
    return principals.get(kind);
  }

  public SpendTable spend() {
    return spend;
  }

  /**
   * A fingerprint of every key, team and user ({@code accounts}) and of every end user ({@code endUsers}): it changes
   * whenever one is created, changed or deleted (row counts and the latest {@code updated_at}). End users change with
   * their spend too. One query; throws {@link StoreException}.
   */
  public record ChangeStamp(String accounts, String endUsers) {}

  public ChangeStamp changeStamp() {
    return sql.one("SELECT (SELECT COUNT(*) FROM ig_key) AS kc, (SELECT MAX(updated_at) FROM ig_key) AS ku, "
        + "(SELECT COUNT(*) FROM ig_team) AS tc, (SELECT MAX(updated_at) FROM ig_team) AS tu, "
        + "(SELECT COUNT(*) FROM ig_user) AS uc, (SELECT MAX(updated_at) FROM ig_user) AS uu, "
        + "(SELECT COUNT(*) FROM ig_end_user) AS ec, (SELECT MAX(updated_at) FROM ig_end_user) AS eu",
        rs -> new ChangeStamp(rs.getLong("kc") + "/" + rs.getLong("ku") + "/" + rs.getLong("tc") + "/"
            + rs.getLong("tu") + "/" + rs.getLong("uc") + "/" + rs.getLong("uu"),
            rs.getLong("ec") + "/" + rs.getLong("eu"))).orElseThrow();
  }

  /** Budgets and rate limits counted in this database for every gateway sharing it (see {@link DatabaseLimits}). */
  public DatabaseLimits limits() {
    return limits(System::nanoTime);
  }

  DatabaseLimits limits(LongSupplier nanoTime) {
    return new DatabaseLimits(sql, nanoTime);
  }

  public SpendReports reports() {
    return reports;
  }

  /** Whether the database answers within {@code timeoutSeconds} (for readiness probes). */
  public boolean reachable(int timeoutSeconds) {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid(timeoutSeconds);
    } catch (SQLException e) {
      return false;
    }
  }

  /** Closes the pool. Flush the spend writer first. */
  @Override
  public void close() {
    dataSource.close();
  }
}
