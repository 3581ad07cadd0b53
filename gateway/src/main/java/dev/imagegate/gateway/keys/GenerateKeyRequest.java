package dev.imagegate.gateway.keys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.gateway.store.BudgetDuration;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /key/generate}. Every field is optional (null when absent).
 *
 * @param duration how long the key lives ({@code "30d"}); null for a key that never expires
 * @param maxBudget in US dollars
 * @param budgetDuration how often the key's spend resets ({@code "30d"}); null for never
 */
public record GenerateKeyRequest(List<String> models, String keyAlias, BudgetDuration duration, BigDecimal maxBudget,
                                 BudgetDuration budgetDuration, Integer rpmLimit, Integer maxParallelRequests,
                                 String userId, String teamId, Map<String, Object> metadata, List<String> tags,
                                 List<String> guardrails) {
  static final Set<String> FIELDS = Set.of("models", "key_alias", "duration", "max_budget", "budget_duration",
      "rpm_limit", "max_parallel_requests", "user_id", "team_id", "metadata", "tags", "guardrails");

  public GenerateKeyRequest {
    models = models == null ? List.of() : List.copyOf(models);
    tags = tags == null ? List.of() : List.copyOf(tags);
    guardrails = guardrails == null ? List.of() : List.copyOf(guardrails);
    metadata = metadata == null ? Map.of() : metadata;
  }

  /** A request with no settings: a key for every model, without limits, that never expires. */
  public static GenerateKeyRequest empty() {
    return new GenerateKeyRequest(null, null, null, null, null, null, null, null, null, null, null, null);
  }

  /** Reads LiteLLM's JSON body; throws {@link dev.imagegate.error.BadRequest} naming a bad or unknown field. */
  public static GenerateKeyRequest from(JsonNode body) {
    JsonParams p = JsonParams.of(body, FIELDS);
    return new GenerateKeyRequest(p.strings("models"), p.string("key_alias"), p.duration("duration"),
        p.money("max_budget"), p.duration("budget_duration"), p.count("rpm_limit"),
        p.count("max_parallel_requests"), p.string("user_id"), p.string("team_id"), p.object("metadata"),
        p.strings("tags"), p.strings("guardrails"));
  }
}
