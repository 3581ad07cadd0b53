package dev.imagegate.gateway.keys;

import dev.imagegate.gateway.store.BudgetScope;

/**
 * The spend the gateway counts in memory, which runs ahead of the database by the rows the spend writer has not
 * flushed yet. Management views show it; deleting an entity makes the counter forget it.
 */
public interface LiveSpend {
  /** Spend as persisted only: for tools that run without the gateway's counters. */
  LiveSpend PERSISTED = new LiveSpend() {
    @Override
    public long current(BudgetScope scope, String id, long persistedNanos) {
      return persistedNanos;
    }

    @Override
    public void forget(BudgetScope scope, String id) {}
  };

  /** The current period's spend of {@code id} in nano-USD; {@code persistedNanos} when nothing is counted for it. */
  long current(BudgetScope scope, String id, long persistedNanos);

  void forget(BudgetScope scope, String id);
}
