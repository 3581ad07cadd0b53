package dev.imagegate.gateway.keys;

import dev.imagegate.gateway.store.KeyRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A key as the management API shows it (LiteLLM's token object): never the secret, {@code token} is its hash.
 *
 * @param spendNanos the current period's spend, counted live
 */
public record KeyView(KeyRecord key, long spendNanos) {
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("token", key.token());
    json.put("key_name", key.keyName());
    json.put("key_alias", key.keyAlias());
    json.put("expires", Views.time(key.expiresAt()));
    json.put("models", key.models());
    Views.budget(json, key.budget(), spendNanos);
    json.put("user_id", key.userId());
    json.put("team_id", key.teamId());
    json.put("rpm_limit", key.rpmLimit());
    json.put("tpm_limit", null);
    json.put("max_parallel_requests", key.maxParallelRequests());
    json.put("metadata", key.metadata());
    json.put("tags", key.tags());
    json.put("guardrails", key.guardrails());
    json.put("blocked", key.blocked());
    json.put("aliases", Map.of());
    json.put("config", Map.of());
    json.put("permissions", Map.of());
    json.put("allowed_cache_controls", List.of());
    json.put("created_at", Views.time(key.createdAt()));
    json.put("updated_at", Views.time(key.updatedAt()));
    return json;
  }
}
