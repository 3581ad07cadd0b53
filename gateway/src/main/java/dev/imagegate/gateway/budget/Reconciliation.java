package dev.imagegate.gateway.budget;

import dev.imagegate.gateway.shared.FleetLimits;
import dev.imagegate.gateway.spend.SpendSink;
import dev.imagegate.gateway.store.BudgetScope;
import dev.imagegate.gateway.store.SpendEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the spend counters honest against the spend rows. The counters (this gateway's, and the fleet's in Redis or
 * the database) are moved by settles, and a settle can be lost: the shared store was down when the call ended, or the
 * gateway died between admitting a call and settling it (its journal brings the call's row back, not the settle). The
 * rows are the record: every {@link #start period}, and for one account on demand, each counter is re-based on the
 * spend the database holds for it.
 *
 * <ul>
 *   <li>{@link #reconcile()} (periodic) raises every counter this gateway keeps, and its shared counter, to the
 *       stored spend when it is below it. It never lowers one: rows of calls still on their way to the database are
 *       counted by the counters before they are stored, so stored spend is a lower bound.
 *   <li>{@link #rebase(BudgetScope, String)} sets the account's counters to the stored spend: after an
 *       administrator changed it. Spend of calls still on their way to the database is then missing from the
 *       counters until their rows are stored and the next periodic pass raises the counters again (within
 *       {@code proxy_batch_write_at} plus one period).
 * </ul>
 *
 * <p>Crashed gateways' reservations are not this class's business: they expire in the shared store. Thread-safe.
 */
public final class Reconciliation implements AutoCloseable {
  /** How often {@link #start} re-bases the counters. */
  public static final Duration PERIOD = Duration.ofSeconds(30);

  /**
   * The spend the database holds for an account's current budget period and when that period started (null when
   * its budget never resets); empty when the account is gone or the stored period has ended.
   */
  public record Stored(long spend, Instant periodStart) {}

  /** Looks up {@link Stored} spend; may throw when the database fails (that pass skips the account). */
  @FunctionalInterface
  public interface StoredSpend {
    Optional<Stored> of(BudgetScope scope, String id);
  }

  private static final System.Logger LOG = System.getLogger(Reconciliation.class.getName());

  private final Counters counters;
  private final FleetLimits fleet;
  private final StoredSpend stored;
  private final SpendSink sink;
  private final Clock clock;
  private final AtomicLong corrections = new AtomicLong();
  private volatile Thread thread;

  /** @param fleet the fleet's shared limits, or null when limits are counted in this process only */
  public Reconciliation(Counters counters, FleetLimits fleet, StoredSpend stored, SpendSink sink, Clock clock) {
    this.counters = counters;
    this.fleet = fleet;
    this.stored = stored;
    this.sink = sink;
    this.clock = clock;
  }

  /** Runs {@link #reconcile()} every {@code every} on a daemon thread until {@link #close}. */
  public Reconciliation start(Duration every) {
    thread = Thread.ofVirtual().name("spend-reconciliation").start(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          Thread.sleep(every);
          reconcile();
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "spend reconciliation failed: " + e.getMessage());
        }
      }
    });
    return this;
  }

  /**
   * Raises every counter this gateway keeps for an account with a budget, and its shared counter, to the spend stored
   * for it (one database read per account); returns how many counters moved.
   */
  public int reconcile() {
    int moved = 0;
    for (Counter counter : counters.all()) {
      if (counter.budgeted()) {
        moved += rebase(counter.scope, counter.id, counter, false);
      }
    }
    return moved;
  }

  /**
   * Sets the account's counters (this gateway's and the shared one) to the spend stored for it: call after its spend
   * was changed by hand. Returns how many counters moved.
   */
  public int rebase(BudgetScope scope, String id) {
    return rebase(scope, id, counters.find(scope, id), true);
  }

  /** Counters moved since start: a metric of how often the counters had drifted from the rows. */
  public long corrections() {
    return corrections.get();
  }

  private int rebase(BudgetScope scope, String id, Counter counter, boolean exact) {
    Optional<Stored> found;
    try {
      found = stored.of(scope, id);
    } catch (RuntimeException e) {
      return 0;
    }
    if (found.isEmpty()) {
      return 0;
    }
    Stored durable = found.get();
    int moved = 0;
    if (counter != null) {
      SpendEvent.BudgetReset reset;
      counter.lock.lock();
      try {
        reset = counter.roll(null, clock.instant());
        if (Objects.equals(counter.periodStart(), durable.periodStart())
            && counter.rebase(durable.spend(), exact)) {
          moved++;
        }
      } finally {
        counter.lock.unlock();
      }
      if (reset != null) {
        sink.submit(reset);
      }
    }
    if (fleet != null) {
      Long period = durable.periodStart() == null ? null : durable.periodStart().toEpochMilli();
      FleetLimits.Account account = new FleetLimits.Account(scope.name().toLowerCase(Locale.ROOT) + ":" + id, period,
          null, null, null, durable::spend);
      long before = fleet.rebase(account, durable.spend(), exact);
      if (before >= 0 && (exact ? before != durable.spend() : before < durable.spend())) {
        moved++;
      }
    }
    corrections.addAndGet(moved);
    return moved;
  }

  @Override
  public void close() {
    Thread running = thread;
    if (running != null) {
      running.interrupt();
    }
  }
}
