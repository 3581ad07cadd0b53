package dev.imagegate.gateway.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code ig_key} table. Writes here never touch {@code spend_nanos}: spend belongs to the spend writer. Every
 * method throws {@link StoreException} when the database fails. Thread-safe.
 */
public final class KeyTable {
  private static final String COLUMNS = "key_id, token, key_name, key_alias, models, expires_at, max_budget_nanos, "
      + "budget_duration, budget_period_start, budget_reset_at, rpm_limit, max_parallel_requests, user_id, team_id, "
      + "metadata, tags, guardrails, blocked, spend_nanos, created_at, updated_at";

  /** Which keys {@link #list} returns; a null field does not filter. */
  public record Filter(String userId, String teamId, String keyAlias) {
    public static final Filter ALL = new Filter(null, null, null);
  }

  private final Sql sql;

  KeyTable(Sql sql) {
    this.sql = sql;
  }

  public void insert(KeyRecord key) {
    sql.update("INSERT INTO ig_key (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        + "?, ?)", key.keyId(), key.token(), key.keyName(), key.keyAlias(), JsonColumns.write(key.models()),
        key.expiresAt(), key.budget().maxBudgetNanos(), key.budget().duration(), key.budget().periodStart(),
        key.budget().resetAt(), key.rpmLimit(), key.maxParallelRequests(), key.userId(), key.teamId(),
        JsonColumns.write(key.metadata()), JsonColumns.write(key.tags()), JsonColumns.write(key.guardrails()),
        key.blocked(), key.spendNanos(), key.createdAt(), key.updatedAt());
  }

  /** Writes every setting of the key with this {@code keyId} (not its secret, not its spend). */
  public boolean update(KeyRecord key) {
    return sql.update("UPDATE ig_key SET key_alias = ?, models = ?, expires_at = ?, max_budget_nanos = ?, "
        + "budget_duration = ?, budget_period_start = ?, budget_reset_at = ?, rpm_limit = ?, "
        + "max_parallel_requests = ?, user_id = ?, team_id = ?, metadata = ?, tags = ?, guardrails = ?, blocked = ?, "
        + "updated_at = ? WHERE key_id = ?", key.keyAlias(), JsonColumns.write(key.models()), key.expiresAt(),
        key.budget().maxBudgetNanos(), key.budget().duration(), key.budget().periodStart(), key.budget().resetAt(),
        key.rpmLimit(), key.maxParallelRequests(), key.userId(), key.teamId(), JsonColumns.write(key.metadata()),
        JsonColumns.write(key.tags()), JsonColumns.write(key.guardrails()), key.blocked(), key.updatedAt(),
        key.keyId()) == 1;
  }

  /** Replaces the secret's hash: the old secret stops matching at once. */
  public boolean replaceSecret(String keyId, String token, String keyName, Instant now) {
    return sql.update("UPDATE ig_key SET token = ?, key_name = ?, updated_at = ? WHERE key_id = ?", token, keyName,
        now, keyId) == 1;
  }

  public boolean setBlocked(String keyId, boolean blocked, Instant now) {
    return sql.update("UPDATE ig_key SET blocked = ?, updated_at = ? WHERE key_id = ?", blocked, now, keyId) == 1;
  }

  /** Deletes these keys in one transaction: all of them, or none when the database fails midway. */
  public void delete(List<String> keyIds) {
    sql.transaction("delete from ig_key", connection -> {
      for (String keyId : keyIds) {
        Sql.update(connection, "DELETE FROM ig_key WHERE key_id = ?", keyId);
      }
      return null;
    });
  }

  public Optional<KeyRecord> byToken(String token) {
    return sql.one("SELECT " + COLUMNS + " FROM ig_key WHERE token = ?", KeyTable::read, token);
  }

  public Optional<KeyRecord> byId(String keyId) {
    return sql.one("SELECT " + COLUMNS + " FROM ig_key WHERE key_id = ?", KeyTable::read, keyId);
  }

  public Optional<KeyRecord> byAlias(String alias) {
    return sql.one("SELECT " + COLUMNS + " FROM ig_key WHERE key_alias = ?", KeyTable::read, alias);
  }

  /** One page (1-based) of keys, oldest first. */
  public List<KeyRecord> list(Filter filter, int page, int size) {
    List<Object> params = new ArrayList<>();
    String where = where(filter, params);
    params.add(size);
    params.add((long) (page - 1) * size);
    return sql.list("SELECT " + COLUMNS + " FROM ig_key" + where + " ORDER BY created_at, key_id LIMIT ? OFFSET ?",
        KeyTable::read, params.toArray());
  }

  public long count(Filter filter) {
    List<Object> params = new ArrayList<>();
    String where = where(filter, params);
    return sql.one("SELECT COUNT(*) AS n FROM ig_key" + where, rs -> rs.getLong("n"), params.toArray()).orElse(0L);
  }

  /** The keys a team or user owns, oldest first. */
  public List<KeyRecord> ownedBy(Principal.Kind kind, String id) {
    return sql.withConnection("query", connection -> ownedBy(connection, kind.keyColumn(), id));
  }

  static List<KeyRecord> ownedBy(Connection connection, String column, String id) throws SQLException {
    return Sql.list(connection, "SELECT " + COLUMNS + " FROM ig_key WHERE " + column + " = ? ORDER BY created_at, "
        + "key_id", KeyTable::read, id);
  }

  private static String where(Filter filter, List<Object> params) {
    List<String> clauses = new ArrayList<>();
    addClause(clauses, params, "user_id", filter.userId());
    addClause(clauses, params, "team_id", filter.teamId());
    addClause(clauses, params, "key_alias", filter.keyAlias());
    return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
  }

  private static void addClause(List<String> clauses, List<Object> params, String column, String value) {
    if (value != null) {
      clauses.add(column + " = ?");
      params.add(value);
    }
  }

  private static KeyRecord read(ResultSet rs) throws SQLException {
    return KeyRecord.builder(rs.getString("key_id"), rs.getString("token"), rs.getString("key_name"),
            Sql.instantOrNull(rs, "created_at"))
        .keyAlias(rs.getString("key_alias")).models(JsonColumns.strings(rs.getString("models")))
        .expiresAt(Sql.instantOrNull(rs, "expires_at")).budget(Sql.budget(rs)).rpmLimit(Sql.intOrNull(rs, "rpm_limit"))
        .maxParallelRequests(Sql.intOrNull(rs, "max_parallel_requests")).userId(rs.getString("user_id"))
        .teamId(rs.getString("team_id")).metadata(JsonColumns.object(rs.getString("metadata")))
        .tags(JsonColumns.strings(rs.getString("tags"))).guardrails(JsonColumns.strings(rs.getString("guardrails")))
        .blocked(rs.getInt("blocked") != 0).spendNanos(rs.getLong("spend_nanos"))
        .updatedAt(Sql.instantOrNull(rs, "updated_at")).build();
  }
}
