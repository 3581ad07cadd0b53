package dev.imagegate.gateway.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code ig_end_user} table; writes never touch spend. Throws {@link StoreException} on failure. Thread-safe. */
public final class EndUserTable {
  private static final String COLUMNS = "user_id, alias, max_budget_nanos, budget_duration, budget_period_start, "
      + "budget_reset_at, blocked, spend_nanos, created_at, updated_at";

  private final Sql sql;

  EndUserTable(Sql sql) {
    this.sql = sql;
  }

  public void insert(EndUserRecord endUser) {
    Budget budget = endUser.budget();
    sql.update("INSERT INTO ig_end_user (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", endUser.userId(),
        endUser.alias(), budget.maxBudgetNanos(), budget.duration(), budget.periodStart(), budget.resetAt(),
        endUser.blocked(), endUser.spendNanos(), endUser.createdAt(), endUser.updatedAt());
  }

  public boolean update(EndUserRecord endUser) {
    Budget budget = endUser.budget();
    return sql.update("UPDATE ig_end_user SET alias = ?, max_budget_nanos = ?, budget_duration = ?, "
        + "budget_period_start = ?, budget_reset_at = ?, blocked = ?, updated_at = ? WHERE user_id = ?",
        endUser.alias(), budget.maxBudgetNanos(), budget.duration(), budget.periodStart(), budget.resetAt(),
        endUser.blocked(), endUser.updatedAt(), endUser.userId()) == 1;
  }

  public boolean setBlocked(String userId, boolean blocked, Instant now) {
    return sql.update("UPDATE ig_end_user SET blocked = ?, updated_at = ? WHERE user_id = ?", blocked, now,
        userId) == 1;
  }

  public boolean delete(String userId) {
    return sql.update("DELETE FROM ig_end_user WHERE user_id = ?", userId) == 1;
  }

  public Optional<EndUserRecord> byId(String userId) {
    return sql.one("SELECT " + COLUMNS + " FROM ig_end_user WHERE user_id = ?", EndUserTable::read, userId);
  }

  public List<EndUserRecord> list() {
    return sql.list("SELECT " + COLUMNS + " FROM ig_end_user ORDER BY created_at, user_id", EndUserTable::read);
  }

  private static EndUserRecord read(ResultSet rs) throws SQLException {
    return new EndUserRecord(rs.getString("user_id"), rs.getString("alias"), Sql.budget(rs),
        rs.getInt("blocked") != 0, rs.getLong("spend_nanos"), Sql.instantOrNull(rs, "created_at"),
        Sql.instantOrNull(rs, "updated_at"));
  }
}
