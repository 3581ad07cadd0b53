package dev.imagegate.gateway.keys;

import dev.imagegate.gateway.store.Budget;
import dev.imagegate.gateway.store.Nanos;
import java.time.Instant;
import java.util.Map;

/** Shared pieces of the LiteLLM-shaped JSON views. */
final class Views {
  private Views() {}

  static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  static Object usd(Long nanos) {
    return Nanos.toUsdNullable(nanos);
  }

  static void budget(Map<String, Object> json, Budget budget, long spendNanos) {
    json.put("spend", Nanos.toUsd(spendNanos));
    json.put("max_budget", usd(budget.maxBudgetNanos()));
    json.put("budget_duration", budget.duration() == null ? null : budget.duration().toString());
    json.put("budget_reset_at", time(budget.resetAt()));
  }
}
