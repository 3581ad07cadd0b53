package dev.imagegate.gateway.keys;

import dev.imagegate.gateway.store.Budget;
import dev.imagegate.gateway.store.BudgetDuration;
import dev.imagegate.gateway.store.Nanos;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/** How an update's {@code max_budget} and {@code budget_duration} change a key, user, team or customer budget. */
final class BudgetChanges {
  private BudgetChanges() {}

  /**
   * The budget after the update: an absent field keeps its value, {@code null} clears it. A new duration starts a new
   * period now; the same duration (or none given) keeps the current period. Spend is not touched (as LiteLLM).
   */
  static Budget apply(Budget current, Change<BigDecimal> maxBudget, Change<BudgetDuration> duration, Instant now) {
    Long max = maxBudget.present() ? Nanos.ofNullable(maxBudget.value()) : current.maxBudgetNanos();
    if (!duration.present() || Objects.equals(duration.value(), current.duration())) {
      return new Budget(max, current.duration(), current.periodStart(), current.resetAt());
    }
    return Budget.starting(max, duration.value(), now);
  }
}
