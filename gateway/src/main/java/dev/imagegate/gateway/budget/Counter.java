package dev.imagegate.gateway.budget;

import dev.imagegate.gateway.store.Budget;
import dev.imagegate.gateway.store.BudgetDuration;
import dev.imagegate.gateway.store.BudgetScope;
import dev.imagegate.gateway.store.SpendEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-memory state of one key, user, team or end user: the current budget period, spend in it, spend reserved by
 * calls in flight, the admission times of the last 60 s (for {@code rpm_limit}) and the calls in flight. Every method
 * except {@link #lock} requires the lock to be held.
 */
final class Counter {
  static final Duration WINDOW = Duration.ofSeconds(60);
  final BudgetScope scope;
  final String id;
  final ReentrantLock lock = new ReentrantLock();
  private BudgetDuration duration;
  private Instant periodStart;
  private Instant resetAt;
  private long spent;
  private long reserved;
  /** Admission times of the last 60 s, oldest first: kept only for accounts with an rpm limit. */
  private final ArrayDeque<Instant> recent = new ArrayDeque<>();
  private int inFlight;
  /** Whether the account had a budget when it was last admitted: only those are reconciled periodically. */
  private volatile boolean budgeted;

  Counter(BudgetScope scope, String id, Budget persisted, long persistedSpend, Instant now) {
    this.scope = scope;
    this.id = id;
    this.spent = persistedSpend;
    adopt(persisted, now);
  }

  private void adopt(Budget budget, Instant now) {
    duration = budget.duration();
    periodStart = duration == null ? null : budget.periodStart() == null ? now : budget.periodStart();
    resetAt = duration == null ? null : budget.resetAt() == null ? duration.after(periodStart) : budget.resetAt();
  }

  /**
   * Follows a changed {@code budget_duration} and starts a new period when the current one has ended; returns the
   * reset to persist, or null.
   */
  SpendEvent.BudgetReset roll(Budget configured, Instant now) {
    if (configured != null && !Objects.equals(configured.duration(), duration)) {
      adopt(configured, now);
    }
    if (duration == null || now.isBefore(resetAt)) {
      return null;
    }
    BudgetDuration.Period period = duration.periodAt(periodStart, now);
    periodStart = period.start();
    resetAt = period.end();
    spent = 0;
    return new SpendEvent.BudgetReset(scope, id, periodStart, resetAt);
  }

  Instant periodStart() {
    return periodStart;
  }

  Instant resetAt() {
    return resetAt;
  }

  long spent() {
    return spent;
  }

  /** Spent plus reserved: what a new call's estimate must fit beside. */
  long used() {
    return spent + reserved;
  }

  /** Requests admitted in the 60 s before {@code now} (a sliding log: exact). */
  int requestsInWindow(Instant now) {
    Instant start = now.minus(WINDOW);
    while (!recent.isEmpty() && !recent.peekFirst().isAfter(start)) {
      recent.pollFirst();
    }
    return recent.size();
  }

  /** When the oldest request of the window leaves it: when the next one fits again. */
  Instant windowFrees(Instant now) {
    return recent.isEmpty() ? now : recent.peekFirst().plus(WINDOW);
  }

  int inFlight() {
    return inFlight;
  }

  boolean budgeted() {
    return budgeted;
  }

  void take(long estimate, Instant now, boolean rateLimited, boolean hasBudget) {
    budgeted = hasBudget;
    if (rateLimited) {
      requestsInWindow(now);
      recent.addLast(now);
    }
    reserved += estimate;
    inFlight++;
  }

  /** Ends a call admitted in the period that started at {@code admittedPeriod}: its cost counts there only. */
  void settle(long estimate, long cost, Instant admittedPeriod) {
    reserved -= estimate;
    if (Objects.equals(admittedPeriod, periodStart)) {
      spent += cost;
    }
  }

  void release() {
    inFlight--;
  }

  /**
   * Re-bases the spend of the current period on {@code durable}, the spend the database holds for it: raised to it
   * (spend counted by other gateways, or lost), or set to it with {@code exact}. Returns whether the spend changed.
   */
  boolean rebase(long durable, boolean exact) {
    if (spent == durable || !exact && spent > durable) {
      return false;
    }
    spent = durable;
    return true;
  }
}
