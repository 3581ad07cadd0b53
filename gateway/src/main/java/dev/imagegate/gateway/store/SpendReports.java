package dev.imagegate.gateway.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Read-only spend queries over {@code ig_spend_log}. Totals are lifetime sums of the rows in the time range (not the
 * current budget period). Unpriced rows count as calls and add nothing. Thread-safe; throws {@link StoreException}.
 */
public final class SpendReports {
  /**
   * Which rows {@link #logs} returns; a null field does not filter. Times are {@code [from, to)}.
   *
   * @param apiKey the SHA-256 hex of a key
   */
  public record LogFilter(String apiKey, String userId, String endUser, String requestId, Instant from,
                          Instant to) {}

  public record KeyTotal(String apiKey, String keyAlias, String keyName, long totalNanos) {}

  public record ModelTotal(String modelGroup, long totalNanos) {}

  public record EndUserTotal(String endUser, long totalNanos, long calls) {}

  private final Sql sql;

  SpendReports(Sql sql) {
    this.sql = sql;
  }

  /** The newest {@code limit} rows that match, newest first. */
  public List<SpendRow> logs(LogFilter filter, int limit) {
    List<Object> params = new ArrayList<>();
    List<String> clauses = new ArrayList<>();
    equal(clauses, params, "api_key", filter.apiKey());
    equal(clauses, params, "user_id", filter.userId());
    equal(clauses, params, "end_user", filter.endUser());
    equal(clauses, params, "request_id", filter.requestId());
    range(clauses, params, filter.from(), filter.to());
    params.add(limit);
    return sql.list("SELECT " + SpendTable.COLUMNS + " FROM ig_spend_log" + where(clauses)
        + " ORDER BY start_time DESC, request_id LIMIT ?", SpendTable::read, params.toArray());
  }

  public long total(Instant from, Instant to) {
    List<Object> params = new ArrayList<>();
    List<String> clauses = new ArrayList<>();
    range(clauses, params, from, to);
    return sql.one("SELECT COALESCE(SUM(cost_nanos), 0) AS total FROM ig_spend_log" + where(clauses),
        rs -> rs.getLong("total"), params.toArray()).orElse(0L);
  }

  /** Keys by spend, highest first, named by their current secret's hash (or the last one seen once deleted). */
  public List<KeyTotal> byKey(Instant from, Instant to, int limit) {
    List<Object> params = new ArrayList<>();
    List<String> clauses = new ArrayList<>(List.of("l.key_id IS NOT NULL"));
    range(clauses, params, from, to);
    params.add(limit);
    return sql.list("SELECT COALESCE(k.token, MAX(l.api_key)) AS api_key, COALESCE(k.key_alias, MAX(l.key_alias)) "
        + "AS key_alias, k.key_name AS key_name, COALESCE(SUM(l.cost_nanos), 0) AS total FROM ig_spend_log l "
        + "LEFT JOIN ig_key k ON k.key_id = l.key_id" + where(clauses).replace("start_time", "l.start_time")
        + " GROUP BY l.key_id, k.token, k.key_alias, k.key_name ORDER BY total DESC, api_key LIMIT ?",
        rs -> new KeyTotal(rs.getString("api_key"), rs.getString("key_alias"), rs.getString("key_name"),
            rs.getLong("total")), params.toArray());
  }

  public List<ModelTotal> byModel(Instant from, Instant to, int limit) {
    List<Object> params = new ArrayList<>();
    List<String> clauses = new ArrayList<>(List.of("model_group IS NOT NULL"));
    range(clauses, params, from, to);
    params.add(limit);
    return sql.list("SELECT model_group, COALESCE(SUM(cost_nanos), 0) AS total FROM ig_spend_log" + where(clauses)
        + " GROUP BY model_group ORDER BY total DESC, model_group LIMIT ?",
        rs -> new ModelTotal(rs.getString("model_group"), rs.getLong("total")), params.toArray());
  }

  /** End users by spend, highest first; {@code apiKey} (a hash) narrows to one key's calls when not null. */
  public List<EndUserTotal> byEndUser(String apiKey, Instant from, Instant to, int limit) {
    List<Object> params = new ArrayList<>();
    List<String> clauses = new ArrayList<>(List.of("end_user IS NOT NULL"));
    equal(clauses, params, "api_key", apiKey);
    range(clauses, params, from, to);
    params.add(limit);
    return sql.list("SELECT end_user, COALESCE(SUM(cost_nanos), 0) AS total, COUNT(*) AS calls FROM ig_spend_log"
        + where(clauses) + " GROUP BY end_user ORDER BY total DESC, end_user LIMIT ?",
        rs -> new EndUserTotal(rs.getString("end_user"), rs.getLong("total"), rs.getLong("calls")),
        params.toArray());
  }

  private static void equal(List<String> clauses, List<Object> params, String column, String value) {
    if (value != null) {
      clauses.add(column + " = ?");
      params.add(value);
    }
  }

  private static void range(List<String> clauses, List<Object> params, Instant from, Instant to) {
    if (from != null) {
      clauses.add("start_time >= ?");
      params.add(from);
    }
    if (to != null) {
      clauses.add("start_time < ?");
      params.add(to);
    }
  }

  private static String where(List<String> clauses) {
    return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
  }
}
