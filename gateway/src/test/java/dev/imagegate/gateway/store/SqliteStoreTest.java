package dev.imagegate.gateway.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on an embedded SQLite file (WAL). An outage is another process holding the write lock. */
class SqliteStoreTest extends StoreContract {
  @TempDir
  Path dir;

  @Override
  DatabaseUrl freshDatabase() {
    return DatabaseUrl.parse("sqlite:" + UUID.randomUUID() + "/imagegate.db", dir);
  }

  @Override
  AutoCloseable outage() throws Exception {
    Connection locker = DriverManager.getConnection(url.jdbcUrl());
    try (Statement statement = locker.createStatement()) {
      statement.execute("BEGIN EXCLUSIVE");
    }
    return () -> {
      try (locker) {
        locker.createStatement().execute("ROLLBACK");
      }
    };
  }
}
