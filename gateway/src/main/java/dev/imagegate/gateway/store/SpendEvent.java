package dev.imagegate.gateway.store;

import java.time.Instant;

/** What the spend writer persists, in order: spend-log rows and budget-period resets. */
public sealed interface SpendEvent permits SpendRow, SpendEvent.BudgetReset, SpendEvent.Undelivered {
  /**
   * A budget period rolled over: the stored spend becomes the sum of the spend rows since {@code periodStart}, so it
   * stays consistent with the rows whatever order resets and rows reach the database in.
   *
   * @param id the key's {@code keyId}, or the user, team or end-user id
   */
  record BudgetReset(BudgetScope scope, String id, Instant periodStart, Instant resetAt) implements SpendEvent {}

  /**
   * The provider served the call (its row is stored) but the answer never reached the client: the row's status
   * becomes {@code undelivered}; its cost still counts, because the provider charged it.
   */
  record Undelivered(String requestId) implements SpendEvent {}
}
