package dev.imagegate.gateway.store;

import java.time.Instant;

/**
 * The budget of a key, user, team or end user. Every field may be null: no {@code maxBudgetNanos} means no limit; no
 * {@code duration} means spend never resets. When a duration is set, {@code periodStart} and {@code resetAt} bound the
 * current period ({@code resetAt} is LiteLLM's {@code budget_reset_at}).
 */
public record Budget(Long maxBudgetNanos, BudgetDuration duration, Instant periodStart, Instant resetAt) {
  public static final Budget NONE = new Budget(null, null, null, null);

  public Budget {
    if (maxBudgetNanos != null && maxBudgetNanos < 0) {
      throw new IllegalArgumentException("max_budget must not be negative");
    }
    if (duration == null) {
      periodStart = null;
      resetAt = null;
    }
  }

  /** A budget whose first period starts at {@code now} (when it has a duration). */
  public static Budget starting(Long maxBudgetNanos, BudgetDuration duration, Instant now) {
    return duration == null
        ? new Budget(maxBudgetNanos, null, null, null)
        : new Budget(maxBudgetNanos, duration, now, duration.after(now));
  }

  public boolean limited() {
    return maxBudgetNanos != null;
  }
}
