package dev.imagegate.gateway.budget;

import dev.imagegate.gateway.keys.LiveSpend;
import dev.imagegate.gateway.spend.SpendSink;
import dev.imagegate.gateway.store.Budget;
import dev.imagegate.gateway.store.BudgetScope;
import dev.imagegate.gateway.store.SpendEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every counter this gateway keeps, one per key, user, team and end user that called since start. A counter starts
 * from the spend persisted for its entity and from then on is the truth: it runs ahead of the database by whatever
 * the spend writer has not flushed. Period resets are sent to the spend sink to be persisted. Thread-safe.
 */
public final class Counters implements LiveSpend {
  private record Id(BudgetScope scope, String id) {}

  private final ConcurrentHashMap<Id, Counter> counters = new ConcurrentHashMap<>();
  private final Clock clock;
  private final SpendSink sink;

  public Counters(Clock clock, SpendSink sink) {
    this.clock = clock;
    this.sink = sink;
  }

  /** The counter of {@code id}, or null when this gateway has not counted it since start. */
  Counter find(BudgetScope scope, String id) {
    return counters.get(new Id(scope, id));
  }

  /** Every counter this gateway keeps (a snapshot). */
  List<Counter> all() {
    return List.copyOf(counters.values());
  }

  Counter counter(BudgetScope scope, String id, Budget persisted, long persistedSpend, Instant now) {
    return counters.computeIfAbsent(new Id(scope, id), k -> new Counter(scope, id, persisted, persistedSpend, now));
  }

  /** The live spend of the current period (rolling the period over when it has ended). */
  @Override
  public long current(BudgetScope scope, String id, long persistedNanos) {
    Counter counter = counters.get(new Id(scope, id));
    if (counter == null) {
      return persistedNanos;
    }
    SpendEvent.BudgetReset reset;
    long spent;
    counter.lock.lock();
    try {
      reset = counter.roll(null, clock.instant());
      spent = counter.spent();
    } finally {
      counter.lock.unlock();
    }
    if (reset != null) {
      sink.submit(reset);
    }
    return spent;
  }

  @Override
  public void forget(BudgetScope scope, String id) {
    counters.remove(new Id(scope, id));
  }
}
