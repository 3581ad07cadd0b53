package dev.imagegate.gateway.keys;

import dev.imagegate.gateway.store.EndUserRecord;
import dev.imagegate.gateway.store.Nanos;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An end user as LiteLLM's {@code /customer/info} shows it: the budget sits in {@code litellm_budget_table} (null
 * without one). {@code spendNanos} is the current period's, counted live.
 */
public record CustomerView(EndUserRecord endUser, long spendNanos) {
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("user_id", endUser.userId());
    json.put("alias", endUser.alias());
    json.put("spend", Nanos.toUsd(spendNanos));
    json.put("blocked", endUser.blocked());
    json.put("allowed_model_region", null);
    json.put("default_model", null);
    json.put("litellm_budget_table", budgetTable());
    json.put("created_at", Views.time(endUser.createdAt()));
    json.put("updated_at", Views.time(endUser.updatedAt()));
    return json;
  }

  private Map<String, Object> budgetTable() {
    if (!endUser.budget().limited() && endUser.budget().duration() == null) {
      return null;
    }
    Map<String, Object> table = new LinkedHashMap<>();
    table.put("max_budget", Views.usd(endUser.budget().maxBudgetNanos()));
    table.put("budget_duration", endUser.budget().duration() == null ? null : endUser.budget().duration().toString());
    table.put("budget_reset_at", Views.time(endUser.budget().resetAt()));
    return table;
  }
}
