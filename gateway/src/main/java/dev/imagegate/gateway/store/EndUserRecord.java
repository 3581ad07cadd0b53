package dev.imagegate.gateway.store;

import java.time.Instant;

/**
 * An end user (LiteLLM's customer): whoever a request names in {@code user} or {@code x-imagegate-end-user}. Rows are
 * created by {@code /customer/new} or, without a budget, by the first spend recorded for that id.
 */
public record EndUserRecord(String userId, String alias, Budget budget, boolean blocked, long spendNanos,
                            Instant createdAt, Instant updatedAt) {
  public EndUserRecord {
    budget = budget == null ? Budget.NONE : budget;
  }

  public EndUserRecord withBlocked(boolean newBlocked, Instant now) {
    return new EndUserRecord(userId, alias, budget, newBlocked, spendNanos, createdAt, now);
  }
}
