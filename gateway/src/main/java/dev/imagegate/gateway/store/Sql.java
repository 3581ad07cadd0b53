package dev.imagegate.gateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Thin JDBC plumbing for the tables: bind, map, run in a transaction, turn {@link SQLException} into
 * {@link StoreException}. Binds {@link Instant} as epoch milliseconds, booleans as 0/1 and durations as text.
 */
final class Sql {
  private final DataSource dataSource;

  Sql(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @FunctionalInterface
  interface Mapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  <T> List<T> list(String sql, Mapper<T> mapper, Object... params) {
    return withConnection("query", c -> list(c, sql, mapper, params));
  }

  <T> Optional<T> one(String sql, Mapper<T> mapper, Object... params) {
    List<T> rows = list(sql, mapper, params);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  int update(String sql, Object... params) {
    return withConnection("update", c -> update(c, sql, params));
  }

  <T> T withConnection(String what, Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw new StoreException("database " + what + " failed: " + e.getMessage(), e);
    }
  }

  /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
  <T> T transaction(String what, Work<T> work) {
    return withConnection(what, connection -> {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection, e);
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    });
  }

  static <T> List<T> list(Connection connection, String sql, Mapper<T> mapper, Object... params)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, params);
      try (ResultSet rs = statement.executeQuery()) {
        List<T> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(mapper.map(rs));
        }
        return rows;
      }
    }
  }

  static int update(Connection connection, String sql, Object... params) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, params);
      return statement.executeUpdate();
    }
  }

  static void bind(PreparedStatement statement, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      statement.setObject(i + 1, column(params[i]));
    }
  }

  private static Object column(Object value) {
    return switch (value) {
      case null -> null;
      case Instant instant -> instant.toEpochMilli();
      case Boolean flag -> flag ? 1 : 0;
      case BudgetDuration duration -> duration.toString();
      default -> value;
    };
  }

  static Long longOrNull(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  static Integer intOrNull(ResultSet rs, String column) throws SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? null : value;
  }

  static Instant instantOrNull(ResultSet rs, String column) throws SQLException {
    Long millis = longOrNull(rs, column);
    return millis == null ? null : Instant.ofEpochMilli(millis);
  }

  static BudgetDuration durationOrNull(ResultSet rs, String column) throws SQLException {
    String text = rs.getString(column);
    return text == null ? null : BudgetDuration.parse(text);
  }

  static Budget budget(ResultSet rs) throws SQLException {
    return new Budget(longOrNull(rs, "max_budget_nanos"), durationOrNull(rs, "budget_duration"),
        instantOrNull(rs, "budget_period_start"), instantOrNull(rs, "budget_reset_at"));
  }

  private static void rollbackQuietly(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException rollback) {
      cause.addSuppressed(rollback);
    }
  }
}
