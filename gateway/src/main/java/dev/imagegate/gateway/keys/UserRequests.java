package dev.imagegate.gateway.keys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.error.BadRequest;
import dev.imagegate.gateway.store.BudgetDuration;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Bodies of the internal-user endpoints, read from LiteLLM's JSON; bad or unknown fields are a {@link BadRequest}. */
public final class UserRequests {
  private static final Set<String> FIELDS = Set.of("user_id", "user_alias", "user_email", "user_role", "models",
      "max_budget", "budget_duration", "metadata");

  private UserRequests() {}

  /**
   * {@code POST /user/new}; {@code userId} is generated when null. With {@code autoCreateKey} (LiteLLM's default) a
   * key for the user is generated too.
   */
  public record New(String userId, String userAlias, String userEmail, String userRole, List<String> models,
                    BigDecimal maxBudget, BudgetDuration budgetDuration, Map<String, Object> metadata,
                    boolean autoCreateKey) {
    public New {
      models = models == null ? List.of() : List.copyOf(models);
      metadata = metadata == null ? Map.of() : metadata;
    }

    public static New from(JsonNode body) {
      java.util.Set<String> fields = new java.util.HashSet<>(FIELDS);
      fields.add("auto_create_key");
      JsonParams p = JsonParams.of(body, fields);
      return new New(p.string("user_id"), p.string("user_alias"), p.string("user_email"), p.string("user_role"),
          p.strings("models"), p.money("max_budget"), p.duration("budget_duration"), p.object("metadata"),
          p.bool("auto_create_key") != Boolean.FALSE);
    }
  }

  /** {@code POST /user/update}: absent fields are kept, {@code null} clears. */
  public record Update(String userId, Change<String> userAlias, Change<String> userEmail, Change<String> userRole,
                       Change<List<String>> models, Change<BigDecimal> maxBudget,
                       Change<BudgetDuration> budgetDuration, Change<Map<String, Object>> metadata) {
    public Update {
      TeamRequests.required(userId, "user_id");
    }

    public static Update from(JsonNode body) {
      JsonParams p = JsonParams.of(body, FIELDS);
      return new Update(p.string("user_id"), p.change("user_alias", p::string), p.change("user_email", p::string),
          p.change("user_role", p::string), p.change("models", p::strings), p.change("max_budget", p::money),
          p.change("budget_duration", p::duration), p.change("metadata", p::object));
    }
  }

  /** {@code POST /user/delete}, {@code /customer/delete}, {@code /customer/block}: {@code {"user_ids": [...]}}. */
  public static List<String> userIds(JsonNode body) {
    List<String> ids = JsonParams.of(body, Set.of("user_ids")).strings("user_ids");
    if (ids == null || ids.isEmpty()) {
      throw new BadRequest("'user_ids' must name at least one user", "user_ids");
    }
    return ids;
  }
}
