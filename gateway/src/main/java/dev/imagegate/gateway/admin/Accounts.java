package dev.imagegate.gateway.admin;

import dev.imagegate.gateway.GatewaySettings;
import dev.imagegate.gateway.budget.Counters;
import dev.imagegate.gateway.shared.FleetLimits;
import dev.imagegate.gateway.store.Budget;
import dev.imagegate.gateway.store.BudgetScope;
import java.time.Instant;
import java.util.Optional;
import dev.imagegate.gateway.budget.Enforcement;
import dev.imagegate.gateway.budget.Reconciliation;
import dev.imagegate.gateway.keys.ChangeWatch;
import dev.imagegate.gateway.keys.KeyCache;
import dev.imagegate.gateway.keys.KeySecrets;
import dev.imagegate.gateway.keys.KeyService;
import dev.imagegate.gateway.keys.PrincipalService;
import dev.imagegate.gateway.spend.Backoff;
import dev.imagegate.gateway.spend.SpendQueries;
import dev.imagegate.gateway.spend.SpendWriter;
import dev.imagegate.gateway.store.DatabaseUrl;
import dev.imagegate.gateway.store.Principal;
import dev.imagegate.gateway.store.Store;
import dev.imagegate.gateway.store.StoreOptions;
import dev.imagegate.provider.Env;
import dev.imagegate.gateway.spend.SpendJournal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.time.Clock;
import java.time.Duration;

/**
 * Keys, teams, users, end users, budgets and spend: the store and everything built on it, opened and closed together.
 * Paid calls' spend rows are journaled to a local file before the answer is sent ({@link SpendJournal}) and written to
 * the database in batches; a journal left by a killed gateway is replayed at start. Closing journals and flushes the
 * spend rows still queued, then closes the database. A SQLite file is held by one gateway at a
 * time ({@link SqliteLock}); PostgreSQL is shared, and then a {@link ChangeWatch} brings other gateways' changes to keys,
 * teams, users and end users into this one's cache within a second.
 */
public record Accounts(Store store, SpendWriter writer, SpendJournal journal, KeyCache cache, Enforcement enforcement, KeyService keys,
                       PrincipalService teams, PrincipalService users, PrincipalService customers,
                       SpendQueries spend, SqliteLock sqliteLock, ChangeWatch changeWatch,
                       Reconciliation reconciliation)
    implements AutoCloseable {

  /** Opens (and migrates) the database and starts the spend writer. */
  public static Accounts open(GatewaySettings.Store settings, Env env, Clock clock) {
    return open(settings, env, clock, null);
  }

  /**
   * Opens the accounts with the fleet's shared limits ({@code fleet}: Redis): budgets, rpm and parallel limits of
   * keys, teams, users and end users then hold across every gateway sharing it. Without it they are counted in
   * PostgreSQL ({@link dev.imagegate.gateway.store.DatabaseLimits}), or in this process for a SQLite file (which
   * serves one gateway).
   */
  public static Accounts open(GatewaySettings.Store settings, Env env, Clock clock, FleetLimits fleet) {
    DatabaseUrl url = DatabaseUrl.resolve(settings.databaseUrl(), env, settings.configDir());
    SqliteLock lock = SqliteLock.claim(url);
    Store store;
    try {
      store = Store.open(url, StoreOptions.DEFAULTS);
    } catch (RuntimeException e) {
      if (lock != null) {
        lock.close();
      }
      throw e;
    }
    SpendWriter writer = new SpendWriter(store.spend()::write, new SpendWriter.Settings(
        settings.batchWriteInterval(), 100_000, 500, new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30)),
        settings.storePrompts(), 3));
    SpendJournal journal;
    try {
      journal = journal(settings, url, store, writer);
    } catch (IOException | RuntimeException e) {
      store.close();
      if (lock != null) {
        lock.close();
      }
      throw e instanceof IOException io ? new UncheckedIOException("spend journal: " + io.getMessage(), io)
          : (RuntimeException) e;
    }
    writer.start();
    KeyCache cache = new KeyCache(store, clock, Duration.ofSeconds(60), 100_000);
    ChangeWatch watch = url.kind() == DatabaseUrl.Kind.POSTGRESQL ? new ChangeWatch(store, cache).start() : null;
    Counters counters = new Counters(clock, journal);
    FleetLimits limits = fleet != null ? fleet : url.kind() == DatabaseUrl.Kind.POSTGRESQL ? store.limits() : null;
    Enforcement enforcement = new Enforcement(cache::endUser, counters, clock, journal, limits,
        (scope, id) -> storedSpend(store, scope, id, clock.instant()), settings.budgetOutagePolicy());
    Reconciliation reconciliation = new Reconciliation(counters, limits,
        (scope, id) -> durableSpend(store, scope, id, clock.instant()), journal, clock).start(Reconciliation.PERIOD);
    KeyService keys = new KeyService(store, cache, counters, new KeySecrets(new SecureRandom()), clock);
    return new Accounts(store, writer, journal, cache, enforcement, keys,
        new PrincipalService(Principal.Kind.TEAM, store, cache, counters, clock, keys),
        new PrincipalService(Principal.Kind.USER, store, cache, counters, clock, keys),
        new PrincipalService(Principal.Kind.END_USER, store, cache, counters, clock, keys),
        new SpendQueries(store), lock, watch, reconciliation);
  }

  /**
   * Replays what an earlier gateway on this database journaled but did not commit (it was killed, or the database was
   * down when it stopped), before anything reads spend totals, then opens this gateway's journal.
   */
  private static SpendJournal journal(GatewaySettings.Store settings, DatabaseUrl url, Store store,
                                      SpendWriter writer) throws IOException {
    Path dir = settings.journalDir() != null ? settings.journalDir() : switch (url.kind()) {
      case SQLITE -> Path.of(url.jdbcUrl().substring("jdbc:sqlite:".length()) + ".spend-journal");
      case POSTGRESQL -> settings.configDir().resolve("imagegate-spend-journal");
    };
    String database = HexFormat.of().formatHex(sha256(url.jdbcUrl() + "|" + url.schema())).substring(0, 12);
    SpendJournal.replay(dir, database, store.spend()::write);
    if (!settings.journal()) {
      return SpendJournal.off(writer);
    }
    SpendJournal journal = new SpendJournal(dir, database, settings.journalFsync(), writer);
    journal.start();
    return journal;
  }

  /** The spend the database holds for the account's current period (0 when that period has ended). */
  private static long storedSpend(Store store, BudgetScope scope, String id, Instant now) {
    return durableSpend(store, scope, id, now).map(Reconciliation.Stored::spend).orElse(0L);
  }

  /** The spend the database holds for the account's current period and its start; empty when that period ended. */
  private static Optional<Reconciliation.Stored> durableSpend(Store store, BudgetScope scope, String id,
                                                              Instant now) {
    record Stored(Budget budget, long spend) {}
    Optional<Stored> stored = scope == BudgetScope.KEY
        ? store.keys().byId(id).map(k -> new Stored(k.budget(), k.spendNanos()))
        : store.principals(Principal.Kind.of(scope)).byId(id).map(p -> new Stored(p.budget(), p.spendNanos()));
    return stored.filter(s -> s.budget().resetAt() == null || s.budget().resetAt().isAfter(now))
        .map(s -> new Reconciliation.Stored(s.spend(), s.budget().duration() == null ? null
            : s.budget().periodStart()));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** "ok", or what is wrong with the database (for readiness). */
  public String status() {
    return store.reachable(2) ? "ok" : "unreachable: " + store.url();
  }

  @Override
  public void close() {
    try {
      reconciliation.close();
      if (changeWatch != null) {
        changeWatch.close();
      }
      journal.close();
      writer.close();
    } finally {
      store.close();
      if (sqliteLock != null) {
        sqliteLock.close();
      }
    }
  }
}
