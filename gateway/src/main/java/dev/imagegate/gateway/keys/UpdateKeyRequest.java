package dev.imagegate.gateway.keys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.error.BadRequest;
import dev.imagegate.gateway.store.BudgetDuration;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /key/update}: {@code key} (the secret or its hash) and the fields to change. An absent field is kept; a
 * JSON {@code null} clears it ({@code "max_budget": null} removes the budget).
 */
public record UpdateKeyRequest(String key, Change<List<String>> models, Change<String> keyAlias,
                               Change<BudgetDuration> duration, Change<BigDecimal> maxBudget,
                               Change<BudgetDuration> budgetDuration, Change<Integer> rpmLimit,
                               Change<Integer> maxParallelRequests, Change<String> userId, Change<String> teamId,
                               Change<Map<String, Object>> metadata, Change<List<String>> tags,
                               Change<List<String>> guardrails, Change<Boolean> blocked) {
  private static final Set<String> FIELDS;

  static {
    Set<String> fields = new HashSet<>(GenerateKeyRequest.FIELDS);
    fields.add("key");
    fields.add("blocked");
    FIELDS = Set.copyOf(fields);
  }

  public UpdateKeyRequest {
    if (key == null || key.isBlank()) {
      throw new BadRequest("'key' is required: the key to update, as its secret or its hash", "key");
    }
  }

  public static UpdateKeyRequest from(JsonNode body) {
    JsonParams p = JsonParams.of(body, FIELDS);
    return new UpdateKeyRequest(p.string("key"), p.change("models", p::strings), p.change("key_alias", p::string),
        p.change("duration", p::duration), p.change("max_budget", p::money),
        p.change("budget_duration", p::duration), p.change("rpm_limit", p::count),
        p.change("max_parallel_requests", p::count), p.change("user_id", p::string), p.change("team_id", p::string),
        p.change("metadata", p::object), p.change("tags", p::strings), p.change("guardrails", p::strings),
        p.change("blocked", p::bool));
  }
}
