package dev.imagegate.gateway.budget;

import dev.imagegate.error.BudgetExceeded;
import dev.imagegate.error.ImageGateException.Details;
import dev.imagegate.error.RateLimited;
import dev.imagegate.gateway.store.BudgetScope;
import dev.imagegate.gateway.store.Nanos;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The limit checks of one admission, run with every participant's lock held: budgets first, then rate limits. */
final class Limits {
  /** What a caller waits after hitting {@code max_parallel_requests}: no window to wait for, so a short pause. */
  static final Duration PARALLEL_RETRY_AFTER = Duration.ofSeconds(1);

  private Limits() {}

  static void check(List<Participant> participants, long estimate, Instant now) {
    for (Participant p : participants) {
      budget(p, estimate);
    }
    for (Participant p : participants) {
      rpm(p, now);
    }
    for (Participant p : participants) {
      parallel(p);
    }
  }

  private static void budget(Participant p, long estimate) {
    Long max = p.budget().maxBudgetNanos();
    if (max == null) {
      return;
    }
    long used = p.counter().used();
    if (used >= max) {
      String message = p.counter().scope == BudgetScope.END_USER
          ? "ExceededBudget: " + p.label() + " over budget. Spend=" + usd(used) + ", Budget=" + usd(max)
          : "Budget has been exceeded! " + p.label() + " Current cost: " + usd(used) + ", Max budget: " + usd(max);
      throw new BudgetExceeded(message, Details.of("imagegate"));
    }
    if (used + estimate > max) {
      throw new BudgetExceeded("Budget would be exceeded by this call! " + p.label() + " Current cost: " + usd(used)
          + ", estimated cost of this call: " + usd(estimate) + ", Max budget: " + usd(max), Details.of("imagegate"));
    }
  }

  private static void rpm(Participant p, Instant now) {
    Integer limit = p.rpmLimit();
    if (limit != null && p.counter().requestsThisMinute(now) >= limit) {
      long nextMinute = (now.getEpochSecond() / 60 + 1) * 60;
      Duration retryAfter = Duration.ofSeconds(Math.max(1, nextMinute - now.getEpochSecond()));
      throw new RateLimited("Rate limit exceeded for " + p.label() + ". Limit type: requests. Current limit: "
          + limit + ", Remaining: 0. Limit resets at: " + Instant.ofEpochSecond(nextMinute), retryAfter,
          Details.of("imagegate"));
    }
  }

  private static void parallel(Participant p) {
    Integer limit = p.maxParallel();
    if (limit != null && p.counter().inFlight() >= limit) {
      throw new RateLimited("Max parallel request limit reached for " + p.label() + ": " + limit
          + " call(s) in flight", PARALLEL_RETRY_AFTER, Details.of("imagegate"));
    }
  }

  private static String usd(long nanos) {
    return Nanos.toUsd(nanos).toPlainString();
  }
}
