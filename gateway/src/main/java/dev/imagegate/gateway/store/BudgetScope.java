package dev.imagegate.gateway.store;

/** What a budget belongs to, and where its spend is kept and counted from. */
public enum BudgetScope {
  KEY("ig_key", "key_id", "key_id"),
  USER("ig_user", "user_id", "user_id"),
  TEAM("ig_team", "team_id", "team_id"),
  END_USER("ig_end_user", "user_id", "end_user");

  final String table;
  final String idColumn;
  final String logColumn;

  BudgetScope(String table, String idColumn, String logColumn) {
    this.table = table;
    this.idColumn = idColumn;
    this.logColumn = logColumn;
  }
}
