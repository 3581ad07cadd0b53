package dev.imagegate.gateway.keys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.error.BadRequest;
import dev.imagegate.gateway.store.BudgetDuration;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Bodies of the team endpoints, read from LiteLLM's JSON; bad or unknown fields are a {@link BadRequest}. */
public final class TeamRequests {
  private TeamRequests() {}

  /** {@code POST /team/new}; {@code teamId} is generated when null. */
  public record New(String teamId, String teamAlias, List<String> models, BigDecimal maxBudget,
                    BudgetDuration budgetDuration, Integer rpmLimit, Map<String, Object> metadata, boolean blocked) {
    public New {
      models = models == null ? List.of() : List.copyOf(models);
      metadata = metadata == null ? Map.of() : metadata;
    }

    public static New from(JsonNode body) {
      JsonParams p = JsonParams.of(body, Set.of("team_id", "team_alias", "models", "max_budget", "budget_duration",
          "rpm_limit", "metadata", "blocked"));
      return new New(p.string("team_id"), p.string("team_alias"), p.strings("models"), p.money("max_budget"),
          p.duration("budget_duration"), p.count("rpm_limit"), p.object("metadata"), p.bool("blocked") == Boolean.TRUE);
    }
  }

  /** {@code POST /team/update}: absent fields are kept, {@code null} clears. */
  public record Update(String teamId, Change<String> teamAlias, Change<List<String>> models,
                       Change<BigDecimal> maxBudget, Change<BudgetDuration> budgetDuration, Change<Integer> rpmLimit,
                       Change<Map<String, Object>> metadata, Change<Boolean> blocked) {
    public Update {
      required(teamId, "team_id");
    }

    public static Update from(JsonNode body) {
      JsonParams p = JsonParams.of(body, Set.of("team_id", "team_alias", "models", "max_budget", "budget_duration",
          "rpm_limit", "metadata", "blocked"));
      return new Update(p.string("team_id"), p.change("team_alias", p::string), p.change("models", p::strings),
          p.change("max_budget", p::money), p.change("budget_duration", p::duration),
          p.change("rpm_limit", p::count), p.change("metadata", p::object), p.change("blocked", p::bool));
    }
  }

  /** {@code POST /team/delete}: {@code {"team_ids": [...]}}. */
  public static List<String> teamIds(JsonNode body) {
    List<String> ids = JsonParams.of(body, Set.of("team_ids")).strings("team_ids");
    if (ids == null || ids.isEmpty()) {
      throw new BadRequest("'team_ids' must name at least one team", "team_ids");
    }
    return ids;
  }

  /** {@code POST /team/block} and {@code /team/unblock}: {@code {"team_id": "..."}}. */
  public static String teamId(JsonNode body) {
    return required(JsonParams.of(body, Set.of("team_id")).string("team_id"), "team_id");
  }

  static String required(String value, String param) {
    if (value == null) {
      throw new BadRequest("'" + param + "' is required", param);
    }
    return value;
  }
}
