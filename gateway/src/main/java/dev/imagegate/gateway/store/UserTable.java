package dev.imagegate.gateway.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The {@code ig_user} table; writes never touch spend. Throws {@link StoreException} on failure. Thread-safe. */
public final class UserTable {
  private static final String COLUMNS = "user_id, user_alias, user_email, user_role, models, max_budget_nanos, "
      + "budget_duration, budget_period_start, budget_reset_at, metadata, spend_nanos, created_at, updated_at";

  private final Sql sql;

  UserTable(Sql sql) {
    this.sql = sql;
  }

  public void insert(UserRecord user) {
    Budget budget = user.budget();
    sql.update("INSERT INTO ig_user (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", user.userId(),
        user.userAlias(), user.userEmail(), user.userRole(), JsonColumns.write(user.models()),
        budget.maxBudgetNanos(), budget.duration(), budget.periodStart(), budget.resetAt(),
        JsonColumns.write(user.metadata()), user.spendNanos(), user.createdAt(), user.updatedAt());
  }

  public boolean update(UserRecord user) {
    Budget budget = user.budget();
    return sql.update("UPDATE ig_user SET user_alias = ?, user_email = ?, user_role = ?, models = ?, "
        + "max_budget_nanos = ?, budget_duration = ?, budget_period_start = ?, budget_reset_at = ?, metadata = ?, "
        + "updated_at = ? WHERE user_id = ?", user.userAlias(), user.userEmail(), user.userRole(),
        JsonColumns.write(user.models()), budget.maxBudgetNanos(), budget.duration(), budget.periodStart(),
        budget.resetAt(), JsonColumns.write(user.metadata()), user.updatedAt(), user.userId()) == 1;
  }

  public boolean delete(String userId) {
    return sql.update("DELETE FROM ig_user WHERE user_id = ?", userId) == 1;
  }

  public Optional<UserRecord> byId(String userId) {
    return sql.one("SELECT " + COLUMNS + " FROM ig_user WHERE user_id = ?", UserTable::read, userId);
  }

  public List<UserRecord> list() {
    return sql.list("SELECT " + COLUMNS + " FROM ig_user ORDER BY created_at, user_id", UserTable::read);
  }

  private static UserRecord read(ResultSet rs) throws SQLException {
    return new UserRecord(rs.getString("user_id"), rs.getString("user_alias"), rs.getString("user_email"),
        rs.getString("user_role"), JsonColumns.strings(rs.getString("models")), Sql.budget(rs),
        JsonColumns.object(rs.getString("metadata")), rs.getLong("spend_nanos"), Sql.instantOrNull(rs, "created_at"),
        Sql.instantOrNull(rs, "updated_at"));
  }
}
