package dev.imagegate.gateway.store;

import static org.assertj.core.api.Assertions.fail;

import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract on the real PostgreSQL at 127.0.0.1:5432 (database {@code test}, user {@code postgres}), each test
 * in a fresh schema dropped afterwards, reached through a TCP proxy the outage test cuts. Skipped with a message when
 * the server is not reachable, except under {@code CI=true}, where that is a failure.
 */
class PostgresStoreTest extends StoreContract {
  private static final String HOST = "127.0.0.1";
  private static final int PORT = 5432;
  private static final String ADMIN_URL = "jdbc:postgresql://" + HOST + ":" + PORT + "/test?connectTimeout=3";

  private final List<String> schemas = new ArrayList<>();
  private TcpProxy proxy;

  @BeforeAll
  static void requirePostgres() {
    try (Connection connection = DriverManager.getConnection(ADMIN_URL, "postgres", "")) {
      connection.isValid(3);
    } catch (SQLException e) {
      String message = "PostgreSQL at " + HOST + ":" + PORT + " (database test, user postgres) is not reachable: "
          + e.getMessage();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message + " (CI=true: the PostgreSQL store tests must run)");
      }
      System.err.println("SKIPPED PostgresStoreTest: " + message);
      Assumptions.abort(message);
    }
  }

  @Override
  DatabaseUrl freshDatabase() throws Exception {
    if (proxy == null) {
      proxy = new TcpProxy(new InetSocketAddress(HOST, PORT));
    }
    String schema = "ig_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
        .toLowerCase(Locale.ROOT);
    schemas.add(schema);
    return DatabaseUrl.parse("postgresql://postgres@127.0.0.1:" + proxy.port() + "/test?schema=" + schema, null);
  }

  @Override
  AutoCloseable outage() {
    proxy.cut();
    return proxy::restore;
  }

  @AfterEach
  void dropSchemas() throws Exception {
    closeAll();
    if (proxy != null) {
      proxy.close();
    }
    try (Connection connection = DriverManager.getConnection(ADMIN_URL, "postgres", "");
         Statement statement = connection.createStatement()) {
      for (String schema : schemas) {
        statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }
}
