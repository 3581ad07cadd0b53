package dev.imagegate.gateway.spend;

import dev.imagegate.gateway.keys.KeySecrets;
import dev.imagegate.gateway.store.Nanos;
import dev.imagegate.gateway.store.SpendReports;
import dev.imagegate.gateway.store.SpendRow;
import dev.imagegate.gateway.store.Store;
import dev.imagegate.provider.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spend endpoints' answers in LiteLLM's JSON shapes: {@code /spend/logs}, {@code /global/spend},
 * {@code /global/spend/keys}, {@code /global/spend/models} and {@code /global/spend/end_users}. They read what the
 * spend writer has flushed (up to {@code proxy_batch_write_at} behind the live counters). Costs are exact decimals;
 * unpriced calls show {@code "spend": null}. Throws {@link dev.imagegate.gateway.store.StoreException} when the
 * database fails. Thread-safe.
 */
public final class SpendQueries {
  private final Store store;

  public SpendQueries(Store store) {
    this.store = store;
  }

  /** {@code GET /spend/logs}: the matching rows, newest first. */
  public List<Map<String, Object>> logs(SpendLogQuery q) {
    return store.reports().logs(new SpendReports.LogFilter(q.apiKey(), q.userId(), q.endUser(), q.requestId(),
        q.from(), q.to()), q.limit()).stream().map(SpendQueries::row).toList();
  }

  /** {@code GET /global/spend}: {@code {"spend": total, "max_budget": null}}. */
  public Map<String, Object> global(Instant from, Instant to) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("spend", Nanos.toUsd(store.reports().total(from, to)));
    json.put("max_budget", null);
    return json;
  }

  /** {@code GET /global/spend/keys?limit=N}: {@code [{"api_key", "key_alias", "key_name", "total_spend"}]}. */
  public List<Map<String, Object>> byKey(Instant from, Instant to, int limit) {
    return store.reports().byKey(from, to, limit).stream().map(k -> {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("api_key", k.apiKey());
      json.put("key_alias", k.keyAlias());
      json.put("key_name", k.keyName());
      json.put("total_spend", Nanos.toUsd(k.totalNanos()));
      return json;
    }).toList();
  }

  /** {@code GET /global/spend/models?limit=N}: {@code [{"model", "total_spend"}]}. */
  public List<Map<String, Object>> byModel(Instant from, Instant to, int limit) {
    return store.reports().byModel(from, to, limit).stream().map(m -> {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("model", m.modelGroup());
      json.put("total_spend", Nanos.toUsd(m.totalNanos()));
      return json;
    }).toList();
  }

  /**
   * {@code POST /global/spend/end_users} ({@code {"api_key", "startTime", "endTime"}}):
   * {@code [{"end_user", "total_spend", "total_count"}]}.
   *
   * @param apiKey a key's secret or hash, or null for every key
   */
  public List<Map<String, Object>> byEndUser(String apiKey, Instant from, Instant to, int limit) {
    String token = apiKey == null ? null : KeySecrets.token(apiKey);
    return store.reports().byEndUser(token, from, to, limit).stream().map(e -> {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("end_user", e.endUser());
      json.put("total_spend", Nanos.toUsd(e.totalNanos()));
      json.put("total_count", e.calls());
      return json;
    }).toList();
  }

  static Map<String, Object> row(SpendRow r) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("request_id", r.requestId());
    json.put("call_type", r.callType());
    json.put("api_key", r.apiKey());
    json.put("spend", Nanos.toUsdNullable(r.costNanos()));
    json.put("total_tokens", r.totalTokens());
    json.put("prompt_tokens", r.inputTokens());
    json.put("completion_tokens", r.outputTokens());
    json.put("startTime", r.startTime().toString());
    json.put("endTime", r.endTime().toString());
    json.put("model", r.modelGroup());
    json.put("model_group", r.modelGroup());
    json.put("model_id", r.deploymentId());
    json.put("custom_llm_provider", r.provider());
    json.put("user", r.userId());
    json.put("team_id", r.teamId());
    json.put("end_user", r.endUser());
    json.put("status", r.status().wire());
    json.put("content_filter", storedJson(r.contentFilter()));
    json.put("metadata", metadata(r));
    return json;
  }

  /**
   * Guardrail decisions and content-filter verdicts are stored as JSON text; they are answered as JSON (or as
   * stored, if not JSON).
   */
  private static Object storedJson(String stored) {
    if (stored == null) {
      return null;
    }
    try {
      return Json.parse(stored.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      return stored;
    }
  }

  private static Map<String, Object> metadata(SpendRow r) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("user_api_key_alias", r.keyAlias());
    json.put("n", r.n());
    json.put("size", r.size());
    json.put("quality", r.quality());
    json.put("latency_ms", r.latencyMs());
    json.put("error_type", r.errorType());
    json.put("retries", r.retries());
    json.put("fallbacks", r.fallbacks());
    json.put("prompt", r.prompt());
    json.put("guardrails", storedJson(r.guardrails()));
    return json;
  }
}
