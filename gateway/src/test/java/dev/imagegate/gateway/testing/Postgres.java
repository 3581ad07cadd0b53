package dev.imagegate.gateway.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The real PostgreSQL the store tests run against (127.0.0.1:5432, database {@code test}, user {@code postgres}).
 * Tests skip with a visible message when it is not reachable, except under {@code CI=true}, where that fails them.
 */
public final class Postgres {
  public static final String HOST = "127.0.0.1";
  public static final int PORT = 5432;
  public static final String ADMIN_URL = "jdbc:postgresql://" + HOST + ":" + PORT + "/test?connectTimeout=3";

  private Postgres() {
  }

  /** Aborts (skips) the calling test class when PostgreSQL is absent, or fails it under {@code CI=true}. */
  public static void require(String testName) {
    try (Connection connection = DriverManager.getConnection(ADMIN_URL, "postgres", "")) {
      connection.isValid(3);
    } catch (SQLException e) {
      String message = "PostgreSQL at " + HOST + ":" + PORT + " (database test, user postgres) is not reachable: "
          + e.getMessage();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message + " (CI=true: the PostgreSQL tests must run)");
      }
      System.err.println("SKIPPED " + testName + ": " + message);
      Assumptions.abort(message);
    }
  }

  /** A fresh schema name for one test. */
  public static String newSchema() {
    return "ig_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
  }

  public static void dropSchema(String schema) throws SQLException {
    try (Connection connection = DriverManager.getConnection(ADMIN_URL, "postgres", "");
         Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }
}
