package dev.imagegate.gateway.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code ig_team} table; writes never touch spend. Throws {@link StoreException} on failure. Thread-safe. */
public final class TeamTable {
  private static final String COLUMNS = "team_id, team_alias, models, max_budget_nanos, budget_duration, "
      + "budget_period_start, budget_reset_at, rpm_limit, metadata, blocked, spend_nanos, created_at, updated_at";

  private final Sql sql;

  TeamTable(Sql sql) {
    this.sql = sql;
  }

  public void insert(TeamRecord team) {
    Budget budget = team.budget();
    sql.update("INSERT INTO ig_team (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", team.teamId(),
        team.teamAlias(), JsonColumns.write(team.models()), budget.maxBudgetNanos(), budget.duration(),
        budget.periodStart(), budget.resetAt(), team.rpmLimit(), JsonColumns.write(team.metadata()), team.blocked(),
        team.spendNanos(), team.createdAt(), team.updatedAt());
  }

  public boolean update(TeamRecord team) {
    Budget budget = team.budget();
    return sql.update("UPDATE ig_team SET team_alias = ?, models = ?, max_budget_nanos = ?, budget_duration = ?, "
        + "budget_period_start = ?, budget_reset_at = ?, rpm_limit = ?, metadata = ?, blocked = ?, updated_at = ? "
        + "WHERE team_id = ?", team.teamAlias(), JsonColumns.write(team.models()), budget.maxBudgetNanos(),
        budget.duration(), budget.periodStart(), budget.resetAt(), team.rpmLimit(),
        JsonColumns.write(team.metadata()), team.blocked(), team.updatedAt(), team.teamId()) == 1;
  }

  public boolean setBlocked(String teamId, boolean blocked, Instant now) {
    return sql.update("UPDATE ig_team SET blocked = ?, updated_at = ? WHERE team_id = ?", blocked, now, teamId) == 1;
  }

  public boolean delete(String teamId) {
    return sql.update("DELETE FROM ig_team WHERE team_id = ?", teamId) == 1;
  }

  public Optional<TeamRecord> byId(String teamId) {
    return sql.one("SELECT " + COLUMNS + " FROM ig_team WHERE team_id = ?", TeamTable::read, teamId);
  }

  public List<TeamRecord> list() {
    return sql.list("SELECT " + COLUMNS + " FROM ig_team ORDER BY created_at, team_id", TeamTable::read);
  }

  private static TeamRecord read(ResultSet rs) throws SQLException {
    return new TeamRecord(rs.getString("team_id"), rs.getString("team_alias"),
        JsonColumns.strings(rs.getString("models")), Sql.budget(rs), Sql.intOrNull(rs, "rpm_limit"),
        JsonColumns.object(rs.getString("metadata")), rs.getInt("blocked") != 0, rs.getLong("spend_nanos"),
        Sql.instantOrNull(rs, "created_at"), Sql.instantOrNull(rs, "updated_at"));
  }
}
