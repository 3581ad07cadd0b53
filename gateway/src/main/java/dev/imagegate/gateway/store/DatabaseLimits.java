package dev.imagegate.gateway.store;

import dev.imagegate.gateway.shared.FleetLimits;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;

/**
 * {@link FleetLimits} in the shared database, for a fleet on PostgreSQL without Redis: the same checks as the Redis
 * script, in one transaction that locks the accounts' spend rows ({@code SELECT ... FOR UPDATE}, always in account
 * order, so two admissions never deadlock). Slower than Redis (about ten statements per account and call), but the
 * budgets, {@code rpm_limit} (a sliding log) and {@code max_parallel_requests} hold across every gateway on the
 * database. Reservations expire {@link #RESERVATION_TTL} after admission. When the database fails, the answer is
 * {@link Decision.Unavailable}, and for {@link #QUIET} after that without asking, so calls never queue behind a dead
 * database. Thread-safe.
 */
public final class DatabaseLimits implements FleetLimits {
  static final Duration RESERVATION_TTL = Duration.ofMinutes(15);
  static final Duration QUIET = Duration.ofSeconds(1);
  private static final long WINDOW_MS = 60_000;

  private final Sql sql;
  private final LongSupplier nanoTime;
  private final String instance = UUID.randomUUID().toString().substring(0, 8);
  private final AtomicLong sequence = new AtomicLong();
  private volatile long quietUntil;

  DatabaseLimits(Sql sql, LongSupplier nanoTime) {
    this.sql = sql;
    this.nanoTime = nanoTime;
    this.quietUntil = nanoTime.getAsLong();
  }

  @Override
  public Decision admit(List<Account> accounts, long estimate, Instant now) {
    if (nanoTime.getAsLong() - quietUntil < 0) {
      return new Decision.Unavailable();
    }
    String reservation = instance + "-" + sequence.incrementAndGet();
    try {
      return sql.transaction("limit check", c -> admit(c, accounts, Math.max(0, estimate), now, reservation));
    } catch (RuntimeException e) {
      quietUntil = nanoTime.getAsLong() + QUIET.toNanos();
      return new Decision.Unavailable();
    }
  }

  private Decision admit(Connection c, List<Account> accounts, long estimate, Instant now, String reservation)
      throws SQLException {
    long at = now.toEpochMilli();
    List<Integer> order = IntStream.range(0, accounts.size()).boxed()
        .sorted(Comparator.comparing(i -> accounts.get(i).name())).toList();
    long[] used = new long[accounts.size()];
    for (int i : order) {
      Account a = accounts.get(i);
      long spent = lockSpend(c, a);
      Sql.update(c, "DELETE FROM ig_limit_hold WHERE account = ? AND expires_at <= ?", a.name(), at);
      used[i] = spent + Sql.list(c, "SELECT COALESCE(SUM(amount_nanos), 0) AS s FROM ig_limit_hold WHERE account = ?",
          rs -> rs.getLong("s"), a.name()).get(0);
    }
    for (int i = 0; i < accounts.size(); i++) {
      Long max = accounts.get(i).maxBudget();
      if (max != null && used[i] >= max) {
        return new Decision.Refused(i, Reason.BUDGET_SPENT, used[i], 0);
      }
      if (max != null && used[i] + estimate > max) {
        return new Decision.Refused(i, Reason.BUDGET_WOULD_EXCEED, used[i], 0);
      }
    }
    for (int i = 0; i < accounts.size(); i++) {
      Account a = accounts.get(i);
      if (a.rpmLimit() != null) {
        Sql.update(c, "DELETE FROM ig_limit_rate WHERE account = ? AND admitted_at <= ?", a.name(), at - WINDOW_MS);
        long[] window = Sql.list(c, "SELECT COUNT(*) AS n, COALESCE(MIN(admitted_at), 0) AS oldest FROM "
            + "ig_limit_rate WHERE account = ?", rs -> new long[] {rs.getLong("n"), rs.getLong("oldest")}, a.name())
            .get(0);
        if (window[0] >= a.rpmLimit()) {
          return new Decision.Refused(i, Reason.RPM, 0, window[1] + WINDOW_MS);
        }
      }
    }
    for (int i = 0; i < accounts.size(); i++) {
      Account a = accounts.get(i);
      if (a.maxParallel() != null && Sql.list(c, "SELECT COUNT(*) AS n FROM ig_limit_hold WHERE account = ?",
          rs -> rs.getLong("n"), a.name()).get(0) >= a.maxParallel()) {
        return new Decision.Refused(i, Reason.PARALLEL, 0, 0);
      }
    }
    for (Account a : accounts) {
      Sql.update(c, "INSERT INTO ig_limit_hold (account, reservation, amount_nanos, expires_at) VALUES (?, ?, ?, ?)",
          a.name(), reservation, estimate, at + RESERVATION_TTL.toMillis());
      if (a.rpmLimit() != null) {
        Sql.update(c, "INSERT INTO ig_limit_rate (account, reservation, admitted_at) VALUES (?, ?, ?)", a.name(),
            reservation, at);
      }
    }
    return new Decision.Admitted(reservation);
  }

  /** Locks the account's spend row of its period, creating it from the seed when missing; returns the spend. */
  private static long lockSpend(Connection c, Account a) throws SQLException {
    long period = a.period() == null ? -1 : a.period();
    String select = "SELECT spent_nanos FROM ig_limit_spend WHERE account = ? AND period = ? FOR UPDATE";
    Optional<Long> spent = Sql.list(c, select, rs -> rs.getLong("spent_nanos"), a.name(), period).stream()
        .findFirst();
    if (spent.isPresent()) {
      return spent.get();
    }
    Sql.update(c, "INSERT INTO ig_limit_spend (account, period, spent_nanos) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        a.name(), period, a.seed().getAsLong());
    return Sql.list(c, select, rs -> rs.getLong("spent_nanos"), a.name(), period).get(0);
  }

  @Override
  public void settle(List<Account> accounts, String reservation, long cost) {
    try {
      sql.transaction("limit settle", c -> {
        for (Account a : accounts.stream().sorted(Comparator.comparing(Account::name)).toList()) {
          Sql.update(c, "UPDATE ig_limit_spend SET spent_nanos = spent_nanos + ? WHERE account = ? AND period = ?",
              cost, a.name(), a.period() == null ? -1 : a.period());
          Sql.update(c, "DELETE FROM ig_limit_hold WHERE account = ? AND reservation = ?", a.name(), reservation);
        }
        return null;
      });
    } catch (RuntimeException e) {
      quietUntil = nanoTime.getAsLong() + QUIET.toNanos();
    }
  }

  @Override
  public long rebase(Account account, long durable, boolean exact) {
    long period = account.period() == null ? -1 : account.period();
    try {
      return sql.transaction("limit rebase", c -> {
        List<Long> spent = Sql.list(c, "SELECT spent_nanos FROM ig_limit_spend WHERE account = ? AND period = ? "
            + "FOR UPDATE", rs -> rs.getLong("spent_nanos"), account.name(), period);
        if (spent.isEmpty()) {
          return -1L;
        }
        if (exact || spent.get(0) < durable) {
          Sql.update(c, "UPDATE ig_limit_spend SET spent_nanos = ? WHERE account = ? AND period = ?", durable,
              account.name(), period);
        }
        return spent.get(0);
      });
    } catch (RuntimeException e) {
      quietUntil = nanoTime.getAsLong() + QUIET.toNanos();
      return -1;
    }
  }
}
