package dev.imagegate.gateway.budget;

import dev.imagegate.error.BudgetExceeded;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.ImageGateException.Details;
import dev.imagegate.error.RateLimited;
import dev.imagegate.gateway.shared.FleetLimits;
import dev.imagegate.gateway.store.BudgetScope;
import dev.imagegate.gateway.store.Nanos;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The limit checks of one admission against this process's counters, run with every participant's lock held:
 * budgets first, then rate limits; and the refusals they (or the fleet's shared limits) end in.
 */
final class Limits {
  /** What a caller waits after hitting {@code max_parallel_requests}: no window to wait for, so a short pause. */
  static final Duration PARALLEL_RETRY_AFTER = Duration.ofSeconds(1);

  private Limits() {}

  static void check(List<Participant> participants, long estimate, Instant now) {
    for (Participant p : participants) {
      Long max = p.budget().maxBudgetNanos();
      long used = p.counter().used();
      if (max != null && used >= max) {
        throw budgetSpent(p, used);
      }
      if (max != null && used + estimate > max) {
        throw budgetWouldExceed(p, used, estimate);
      }
    }
    for (Participant p : participants) {
      Integer limit = p.rpmLimit();
      if (limit != null && p.counter().requestsInWindow(now) >= limit) {
        throw rpm(p, now, p.counter().windowFrees(now));
      }
    }
    for (Participant p : participants) {
      if (p.maxParallel() != null && p.counter().inFlight() >= p.maxParallel()) {
        throw parallel(p);
      }
    }
  }

  /** The refusal the fleet's shared limits decided. */
  static ImageGateException refusal(Participant p, FleetLimits.Decision.Refused refused, long estimate, Instant now) {
    return switch (refused.reason()) {
      case BUDGET_SPENT -> budgetSpent(p, refused.used());
      case BUDGET_WOULD_EXCEED -> budgetWouldExceed(p, refused.used(), estimate);
      case RPM -> rpm(p, now, Instant.ofEpochMilli(refused.retryAt()));
      case PARALLEL -> parallel(p);
    };
  }

  private static BudgetExceeded budgetSpent(Participant p, long used) {
    long max = p.budget().maxBudgetNanos();
    String message = p.counter().scope == BudgetScope.END_USER
        ? "ExceededBudget: " + p.label() + " over budget. Spend=" + usd(used) + ", Budget=" + usd(max)
        : "Budget has been exceeded! " + p.label() + " Current cost: " + usd(used) + ", Max budget: " + usd(max);
    return new BudgetExceeded(message, Details.of("imagegate"));
  }

  private static BudgetExceeded budgetWouldExceed(Participant p, long used, long estimate) {
    return new BudgetExceeded("Budget would be exceeded by this call! " + p.label() + " Current cost: " + usd(used)
        + ", estimated cost of this call: " + usd(estimate) + ", Max budget: " + usd(p.budget().maxBudgetNanos()),
        Details.of("imagegate"));
  }

  /** {@code frees}: when the oldest request of the sliding 60 s window leaves it. */
  private static RateLimited rpm(Participant p, Instant now, Instant frees) {
    long waitMs = Math.max(0, Duration.between(now, frees).toMillis());
    Duration retryAfter = Duration.ofSeconds(Math.max(1, (waitMs + 999) / 1000));
    return new RateLimited("Rate limit exceeded for " + p.label() + ". Limit type: requests. Current limit: "
        + p.rpmLimit() + " per 60 s (sliding), Remaining: 0. Next request fits at: " + frees, retryAfter,
        Details.of("imagegate"));
  }

  private static RateLimited parallel(Participant p) {
    return new RateLimited("Max parallel request limit reached for " + p.label() + ": " + p.maxParallel()
        + " call(s) in flight", PARALLEL_RETRY_AFTER, Details.of("imagegate"));
  }

  private static String usd(long nanos) {
    return Nanos.toUsd(nanos).toPlainString();
  }
}
