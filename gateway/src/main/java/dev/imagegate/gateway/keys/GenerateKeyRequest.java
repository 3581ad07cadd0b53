package dev.imagegate.gateway.keys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.gateway.store.BudgetDuration;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /key/generate}. Every field is optional (null when absent); build one with {@link #builder()}.
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

  /** A request with no settings yet: as built, a key for every model, without limits, that never expires. */
  public static Builder builder() {
    return new Builder();
  }

  /** Reads LiteLLM's JSON body; throws {@link dev.imagegate.error.BadRequest} naming a bad or unknown field. */
  public static GenerateKeyRequest from(JsonNode body) {
    JsonParams p = JsonParams.of(body, FIELDS);
    return builder().models(p.strings("models")).keyAlias(p.string("key_alias")).duration(p.duration("duration"))
        .maxBudget(p.money("max_budget")).budgetDuration(p.duration("budget_duration"))
        .rpmLimit(p.count("rpm_limit")).maxParallelRequests(p.count("max_parallel_requests"))
        .userId(p.string("user_id")).teamId(p.string("team_id")).metadata(p.object("metadata"))
        .tags(p.strings("tags")).guardrails(p.strings("guardrails")).build();
  }

  /** Builds a {@link GenerateKeyRequest}. Not thread-safe. */
  public static final class Builder {
    private List<String> models;
    private String keyAlias;
    private BudgetDuration duration;
    private BigDecimal maxBudget;
    private BudgetDuration budgetDuration;
    private Integer rpmLimit;
    private Integer maxParallelRequests;
    private String userId;
    private String teamId;
    private Map<String, Object> metadata;
    private List<String> tags;
    private List<String> guardrails;

    private Builder() {}

    public Builder models(List<String> value) {
      models = value;
      return this;
    }

    public Builder keyAlias(String value) {
      keyAlias = value;
      return this;
    }

    public Builder duration(BudgetDuration value) {
      duration = value;
      return this;
    }

    public Builder maxBudget(BigDecimal value) {
      maxBudget = value;
      return this;
    }

    public Builder budgetDuration(BudgetDuration value) {
      budgetDuration = value;
      return this;
    }

    public Builder rpmLimit(Integer value) {
      rpmLimit = value;
      return this;
    }

    public Builder maxParallelRequests(Integer value) {
      maxParallelRequests = value;
      return this;
    }

    public Builder userId(String value) {
      userId = value;
      return this;
    }

    public Builder teamId(String value) {
      teamId = value;
      return this;
    }

    public Builder metadata(Map<String, Object> value) {
      metadata = value;
      return this;
    }

    public Builder tags(List<String> value) {
      tags = value;
      return this;
    }

    public Builder guardrails(List<String> value) {
      guardrails = value;
      return this;
    }

    public GenerateKeyRequest build() {
      return new GenerateKeyRequest(models, keyAlias, duration, maxBudget, budgetDuration, rpmLimit,
          maxParallelRequests, userId, teamId, metadata, tags, guardrails);
    }
  }
}
