package dev.imagegate.gateway.keys;

import dev.imagegate.gateway.store.Budget;
import dev.imagegate.gateway.store.Nanos;
import dev.imagegate.gateway.store.Principal;
import dev.imagegate.gateway.store.Profile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A team, user or customer as LiteLLM's endpoints show it; {@code spendNanos} is the current period's, counted live.
 */
public record PrincipalView(Principal principal, long spendNanos) {
  public Map<String, Object> toJson() {
    Profile profile = principal.profile();
    Map<String, Object> json = new LinkedHashMap<>();
    switch (principal.kind()) {
      case TEAM -> {
        json.put("team_id", principal.id());
        json.put("team_alias", profile.alias());
        json.put("models", profile.models());
        Views.budget(json, principal.budget(), spendNanos);
        json.put("rpm_limit", profile.rpmLimit());
        json.put("tpm_limit", null);
        json.put("metadata", profile.metadata());
        json.put("blocked", profile.blocked());
        json.put("members_with_roles", List.of());
      }
      case USER -> {
        json.put("user_id", principal.id());
        json.put("user_alias", profile.alias());
        json.put("user_email", profile.email());
        json.put("user_role", profile.role());
        json.put("models", profile.models());
        Views.budget(json, principal.budget(), spendNanos);
        json.put("metadata", profile.metadata());
        json.put("teams", List.of());
      }
      case END_USER -> {
        json.put("user_id", principal.id());
        json.put("alias", profile.alias());
        json.put("spend", Nanos.toUsd(spendNanos));
        json.put("blocked", profile.blocked());
        json.put("allowed_model_region", null);
        json.put("default_model", null);
        json.put("litellm_budget_table", budgetTable());
      }
    }
    json.put("created_at", Views.time(principal.createdAt()));
    json.put("updated_at", Views.time(principal.updatedAt()));
    return json;
  }

  /** A customer's budget sits in LiteLLM's {@code litellm_budget_table}: null without one. */
  private Map<String, Object> budgetTable() {
    Budget budget = principal.budget();
    if (!budget.limited() && budget.duration() == null) {
      return null;
    }
    Map<String, Object> table = new LinkedHashMap<>();
    table.put("max_budget", Views.usd(budget.maxBudgetNanos()));
    table.put("budget_duration", budget.duration() == null ? null : budget.duration().toString());
    table.put("budget_reset_at", Views.time(budget.resetAt()));
    return table;
  }

  /**
   * {@code GET <route>/info}: a team as {@code {"team_id", "team_info", "keys"}}, a user as
   * {@code {"user_id", "user_info", "keys", "teams"}}, a customer as itself.
   */
  public record Info(PrincipalView principal, List<KeyView> keys) {
    public Map<String, Object> toJson() {
      String id = principal.principal().id();
      Map<String, Object> json = new LinkedHashMap<>();
      switch (principal.principal().kind()) {
        case TEAM -> {
          json.put("team_id", id);
          json.put("team_info", principal.toJson());
          json.put("keys", keys.stream().map(KeyView::toJson).toList());
        }
        case USER -> {
          json.put("user_id", id);
          json.put("user_info", principal.toJson());
          json.put("keys", keys.stream().map(KeyView::toJson).toList());
          json.put("teams", List.of());
        }
        case END_USER -> json.putAll(principal.toJson());
      }
      return json;
    }
  }

  /** {@code POST <route>/new}: the principal, plus {@code key} (the secret, shown once) when one was generated. */
  public record Created(PrincipalView principal, GeneratedKey key) {
    public Map<String, Object> toJson() {
      Map<String, Object> json = new LinkedHashMap<>();
      if (key != null) {
        json.putAll(key.toJson());
      }
      json.putAll(principal.toJson());
      return json;
    }
  }
}
